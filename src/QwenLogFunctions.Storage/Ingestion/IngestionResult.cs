using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Storage.Ingestion;

/// <summary>The outcome of ingesting one shard.</summary>
/// <param name="Shard">Shard (blob or file) name.</param>
/// <param name="Outcome">What was done.</param>
/// <param name="Lines">Line accounting (zero when nothing was read).</param>
/// <param name="Hours">UTC hours the shard has requests in, ascending.</param>
/// <param name="RowsWritten">Table rows written: requests, flag-index copies and rejects.</param>
/// <param name="Elapsed">Wall time of the call.</param>
public sealed record IngestionResult(string Shard, IngestOutcome Outcome, LineCounts Lines, IReadOnlyList<DateTimeOffset> Hours, long RowsWritten, TimeSpan Elapsed)
{
    /// <summary>
    /// The shard-level problem when the shard is incomplete (cut short, failed gzip check, damaged compression); null
    /// when it was read to its end. Its ledger status is then <see cref="Shards.ShardIngestStatus.Incomplete"/>.
    /// </summary>
    public string? ShardProblem { get; init; }

    /// <summary>With <see cref="IngestOutcome.Duplicate"/>: the shard whose identical content is counted instead.</summary>
    public string? DuplicateOf { get; init; }

    /// <summary>Accepted requests whose row was not kept (QwenLogs__RowSampleRate); they count in every statistic.</summary>
    public long RowsNotKept { get; init; }
}
