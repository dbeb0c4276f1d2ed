using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Statistics;
using QwenLogFunctions.Storage.Aggregation;
using QwenLogFunctions.Storage.Shards;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Queries;

/// <summary>
/// Builds the <see cref="AnalysisReport"/> of a time range from the hourly table: range percentiles come from merging
/// hourly sketches (exact merge, ≤ 1% relative error), counts and sums add. The JSON is the schema of the CLI's
/// <c>analyze --format json</c>. Reads a few month partitions by row-key range, plus the ledger of each shard in range.
/// </summary>
public sealed class ReportService
{
    private const int LedgerReadsInParallel = 8;

    private readonly QwenTables _tables;
    private readonly StorageOptions _options;
    private readonly AnalyzerOptions _analyzerOptions;

    /// <summary>Creates the service.</summary>
    public ReportService(QwenTables tables, IOptions<StorageOptions> options, AnalyzerOptions analyzerOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tables = tables;
        _options = options.Value;
        _analyzerOptions = analyzerOptions;
    }

    /// <summary>
    /// The report of the UTC hours overlapping [<paramref name="from"/>, <paramref name="to"/>), optionally for one model.
    /// Line counts and rejects are those of the shards with requests in the range (rejected lines have no trusted time).
    /// </summary>
    /// <exception cref="QueryValidationException">from is not before to, or the range exceeds MaxReportRangeDays.</exception>
    public async Task<AnalysisReport> GetReportAsync(DateTimeOffset from, DateTimeOffset to, string? model, CancellationToken cancellationToken)
    {
        if (from >= to)
        {
            throw new QueryValidationException($"'from' ({Iso(from)}) must be before 'to' ({Iso(to)}).");
        }

        if (to - from > TimeSpan.FromDays(_options.MaxReportRangeDays))
        {
            throw new QueryValidationException(
                $"The range {Iso(from)} to {Iso(to)} is longer than the maximum of {_options.MaxReportRangeDays} days (setting QwenLogs__MaxReportRangeDays); ask for a shorter range.");
        }

        var firstHour = KeyEncoding.TruncateToHour(from);
        var endHour = KeyEncoding.TruncateToHour(to);
        if (endHour < to)
        {
            endHour = endHour.AddHours(1);
        }

        string startKey = KeyEncoding.HourKey(firstHour), endKey = KeyEncoding.HourKey(endHour);
        var overall = new StatisticsAccumulator();
        var hourly = new SortedDictionary<string, StatisticsAccumulator>(StringComparer.Ordinal);
        var byModel = new Dictionary<string, StatisticsAccumulator>(StringComparer.Ordinal);
        var byDevice = new Dictionary<string, StatisticsAccumulator>(StringComparer.Ordinal);
        var shardKeys = new SortedSet<string>(StringComparer.Ordinal);

        await _tables.EnsureFixedTablesAsync(cancellationToken);
        for (var month = new DateTimeOffset(firstHour.Year, firstHour.Month, 1, 0, 0, 0, TimeSpan.Zero); month < endHour; month = month.AddMonths(1))
        {
            string partition = month.ToString("yyyyMM", CultureInfo.InvariantCulture);
            string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {startKey} and RowKey lt {endKey}");
            if (model is not null)
            {
                // The model goes through the SDK's quoting like every other value: a crafted name cannot widen the query.
                filter += " and " + TableClient.CreateQueryFilter($"(Kind eq {"hour"} or Model eq {model})");
            }

            await foreach (var row in _tables.Hourly.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
            {
                string hourKey = row.RowKey[..10];
                if (string.Equals(row.GetString("Kind"), "hour", StringComparison.Ordinal))
                {
                    foreach (var shardKey in (LargeProperty.GetString(row, "ShardKeys") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries))
                    {
                        shardKeys.Add(shardKey);
                    }

                    continue;
                }

                var statistics = HourlyEntities.ReadStatistics(row);
                overall.Merge(statistics);
                MergeInto(hourly, hourKey, statistics);
                MergeInto(byModel, row.GetString("Model") ?? "unknown", statistics);
                MergeInto(byDevice, row.GetString("Device") ?? "unknown", statistics);
            }
        }

        var ledgers = await ReadLedgersAsync(shardKeys, cancellationToken);
        long rejected = ledgers.Sum(l => l.Lines?.Rejected ?? 0), blank = ledgers.Sum(l => l.Lines?.Blank ?? 0);
        var rejects = await ReadRejectsAsync(ledgers, _analyzerOptions.MaxRejectsListed, cancellationToken);

        return new AnalysisReport
        {
            PercentileMethod = "sketch",
            Range = new ReportRange(firstHour, endHour),
            Shards = [.. ledgers.Select(l => l.Name)],
            Lines = new LineCounts(overall.TotalRequests + rejected + blank, overall.TotalRequests, rejected, blank),
            Rejects = rejects,
            RejectsTruncated = rejected > rejects.Count,
            Summary = overall.ToSummary(),
            Flags = overall.FlagCounts(),
            Hourly = [.. hourly.Where(pair => pair.Value.TotalRequests > 0).Select(pair => pair.Value.ToHourly(KeyEncoding.ParseHourKey(pair.Key)))],
            ByModel = Groups(byModel),
            ByDevice = Groups(byDevice),
        };
    }

    // The same ordering as ReportAccumulator.Build: by descending request count, then name.
    private static List<GroupStatistics> Groups(Dictionary<string, StatisticsAccumulator> groups) =>
        [.. groups
            .OrderByDescending(pair => pair.Value.TotalRequests)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Value.ToGroup(pair.Key))];

    private static void MergeInto<TKey>(IDictionary<TKey, StatisticsAccumulator> map, TKey key, StatisticsAccumulator statistics)
    {
        if (!map.TryGetValue(key, out var existing))
        {
            existing = new StatisticsAccumulator();
            map[key] = existing;
        }

        existing.Merge(statistics);
    }

    private async Task<List<ShardLedger>> ReadLedgersAsync(IEnumerable<string> shardKeys, CancellationToken cancellationToken)
    {
        var ledgers = new System.Collections.Concurrent.ConcurrentBag<ShardLedger>();
        await Parallel.ForEachAsync(
            shardKeys,
            new ParallelOptions { MaxDegreeOfParallelism = LedgerReadsInParallel, CancellationToken = cancellationToken },
            async (shardKey, ct) =>
            {
                if (await ShardLedger.ReadAsync(_tables, shardKey, ct) is { } ledger)
                {
                    ledgers.Add(ledger);
                }
            });
        return [.. ledgers.OrderBy(l => l.Name, StringComparer.Ordinal)];
    }

    private async Task<List<LineRejection>> ReadRejectsAsync(List<ShardLedger> ledgers, int max, CancellationToken cancellationToken)
    {
        var rejects = new List<LineRejection>();
        foreach (var ledger in ledgers.Where(l => l.Lines is { Rejected: > 0 } && l.RejectsTable is not null))
        {
            if (rejects.Count >= max)
            {
                break;
            }

            foreach (var reject in await ShardStatusService.ReadRejectsAsync(_tables, ledger, max - rejects.Count, cancellationToken))
            {
                rejects.Add(new LineRejection(ledger.Name, reject.Line, reject.Reason));
            }
        }

        return rejects;
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
