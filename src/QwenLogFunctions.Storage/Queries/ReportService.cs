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
/// <c>analyze --format json</c>. Reads a few month partitions by row-key range, plus the ledger of each shard in range;
/// hours already read and unchanged since are served from memory (<see cref="HourlyRowCache"/>).
/// </summary>
public sealed class ReportService
{
    private const int LedgerReadsInParallel = 8;

    private readonly QwenTables _tables;
    private readonly StorageOptions _options;
    private readonly AnalyzerOptions _analyzerOptions;
    private readonly HourlyRowCache _hourlyRows;

    /// <summary>Creates the service.</summary>
    public ReportService(QwenTables tables, IOptions<StorageOptions> options, AnalyzerOptions analyzerOptions)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tables = tables;
        _options = options.Value;
        _analyzerOptions = analyzerOptions;
        // The longest range a report may ask for, plus a month of other ranges asked meanwhile.
        _hourlyRows = new HourlyRowCache(maxHours: (_options.MaxReportRangeDays + 31) * 24);
    }

    /// <summary>Hours read from the hourly table so far; unchanged hours are served from memory.</summary>
    internal long HoursFetched => _hourlyRows.HoursFetched;

    /// <summary>
    /// The report of the UTC hours overlapping [<paramref name="from"/>, <paramref name="to"/>), optionally for one model.
    /// Line counts and rejects are those of the shards with requests in the range (rejected lines have no trusted time).
    /// </summary>
    /// <param name="from">Start of the range.</param>
    /// <param name="to">End of the range (exclusive).</param>
    /// <param name="model">Only this model's requests, when given.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <param name="cost">GPU prices overriding the configured ones (the CLI's --gpu-price), when given.</param>
    /// <exception cref="QueryValidationException">from is not before to, or the range exceeds MaxReportRangeDays.</exception>
    public async Task<AnalysisReport> GetReportAsync(DateTimeOffset from, DateTimeOffset to, string? model, CancellationToken cancellationToken, Core.Cost.GpuCostOptions? cost = null)
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
        var report = new ReportAccumulator(exactPercentiles: false, _analyzerOptions.MaxRejectsListed);
        var shardKeys = new SortedSet<string>(StringComparer.Ordinal);

        await _tables.EnsureFixedTablesAsync(cancellationToken);
        for (var month = new DateTimeOffset(firstHour.Year, firstHour.Month, 1, 0, 0, 0, TimeSpan.Zero); month < endHour; month = month.AddMonths(1))
        {
            string partition = TableSchema.MonthKey(month);
            foreach (var hour in await _hourlyRows.ReadAsync(_tables.Hourly, partition, startKey, endKey, cancellationToken))
            {
                report.AddEmptyRun(hour.MaxEmptyRun);
                report.AddRowsNotKept(hour.RowsNotKept);
                shardKeys.UnionWith(hour.ShardKeys);
                long hourStart = KeyEncoding.ParseHourKey(hour.HourKey).ToUnixTimeSeconds();
                foreach (var combination in hour.Combinations)
                {
                    if (model is null || string.Equals(combination.Model, model, StringComparison.Ordinal))
                    {
                        report.AddStatistics(hourStart, combination.Model, combination.Device, combination.Statistics);
                    }
                }
            }
        }

        var ledgers = await ReadLedgersAsync(shardKeys, cancellationToken);
        foreach (var ledger in ledgers)
        {
            report.AddShard(ledger.Name);
        }

        report.AddBlankLines(ledgers.Sum(l => l.Lines?.Blank ?? 0));
        report.AddRejectedLines(ledgers.Sum(l => l.Lines?.Rejected ?? 0), await ReadRejectsAsync(ledgers, _analyzerOptions.MaxRejectsListed, cancellationToken));
        // range.from/range.to mean the same as in analyze (README): first hour seen, end of the last hour seen; the
        // requested bounds only select the hours, and are the hours GPUs are paid for when always-on.
        return report.Build(cost: cost ?? _options.GpuCost(), paidRange: new ReportRange(firstHour, endHour));
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

        // An incomplete shard's problem is its last counted line: listed as a shard problem (incomplete_shards), as
        // analyze lists it, whether or not it was among the rejects read above.
        foreach (var ledger in ledgers.Where(l => l.Status == ShardIngestStatus.Incomplete && l.LastError is not null && l.Lines is not null))
        {
            long line = ledger.Lines!.Total;
            rejects.RemoveAll(r => string.Equals(r.Shard, ledger.Name, StringComparison.Ordinal) && r.Line == line);
            rejects.Add(new LineRejection(ledger.Name, line, ledger.LastError!) { ShardProblem = true });
        }

        return rejects;
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
