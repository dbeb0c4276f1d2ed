namespace QwenLogFunctions.Core.Reports;

/// <summary>
/// The JSON document printed by <c>analyze --format json</c> and returned by <c>GET /api/report</c>.
/// Property names are snake_case on the wire (see <see cref="ReportJson"/>); the schema is documented in README.md.
/// </summary>
public sealed class AnalysisReport
{
    /// <summary>Version of this schema; bumped on breaking changes.</summary>
    public int SchemaVersion { get; init; } = 1;

    /// <summary>"exact" when percentiles come from all values (article definition), "sketch" when merged from quantile sketches (≤ 1% relative error).</summary>
    public required string PercentileMethod { get; init; }

    /// <summary>The time range covered, when the report was asked for one (API) or observed (CLI: first and last hour seen).</summary>
    public ReportRange? Range { get; init; }

    /// <summary>Shards that went into the report.</summary>
    public required IReadOnlyList<string> Shards { get; init; }

    /// <summary>Shards left out because their bytes equal a counted shard's (analyze; ingest records them in the ledger instead).</summary>
    public IReadOnlyList<DuplicateShard> DuplicateShards { get; init; } = [];

    /// <summary>Line accounting: total = accepted + rejected + blank.</summary>
    public required LineCounts Lines { get; init; }

    /// <summary>Accepted requests per input dialect (article, litellm, otlp, openai-batch); only dialects with requests appear.</summary>
    public IReadOnlyDictionary<string, long> Dialects { get; init; } = new Dictionary<string, long>();

    /// <summary>
    /// Accepted requests whose drill-down row was not kept at ingestion (QwenLogs__RowSampleRate), over the hours of the
    /// range (all models); every statistic still counts them. Null in analyze, which stores no rows.
    /// </summary>
    public long? RowsNotKept { get; init; }

    /// <summary>Rejected lines (at most the configured cap; <see cref="RejectsTruncated"/> says whether more exist).</summary>
    public required IReadOnlyList<LineRejection> Rejects { get; init; }

    /// <summary>True when more lines were rejected than listed in <see cref="Rejects"/>.</summary>
    public bool RejectsTruncated { get; init; }

    /// <summary>
    /// One entry per shard that could not be read to its end (cut short, failed gzip checksum, damaged compression,
    /// UTF-16): where it stopped and why. These entries are also in <see cref="Rejects"/>, whatever the cap.
    /// </summary>
    public IReadOnlyList<LineRejection> IncompleteShards { get; init; } = [];

    /// <summary>Figures over all accepted requests.</summary>
    public required SummaryStatistics Summary { get; init; }

    /// <summary>Count of requests per flag name; every flag is present, zero included.</summary>
    public required IReadOnlyDictionary<string, long> Flags { get; init; }

    /// <summary>One entry per UTC hour that has requests, ascending.</summary>
    public required IReadOnlyList<HourlyStatistics> Hourly { get; init; }

    /// <summary>One entry per model, by descending request count.</summary>
    public required IReadOnlyList<GroupStatistics> ByModel { get; init; }

    /// <summary>One entry per device, by descending request count.</summary>
    public required IReadOnlyList<GroupStatistics> ByDevice { get; init; }

    /// <summary>
    /// Longest run of consecutive empty responses within one shard, in line order (0 when none): what the
    /// consecutive_empty_responses alert judges. For a stored report, the longest run ending in the range.
    /// </summary>
    public int LongestEmptyRun { get; init; }
}
