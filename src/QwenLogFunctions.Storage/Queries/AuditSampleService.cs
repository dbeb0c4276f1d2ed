using System.Collections.Concurrent;
using System.Globalization;
using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Core.Audit;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Queries;

/// <summary>
/// The deterministic audit sample of a time range (GET /api/audit-sample): reads the request partitions of every hour
/// in the range, keeps the requests <see cref="AuditSampler"/> includes (hash of request_id) and returns them with
/// their flags and stored previews, which were redacted at ingest. Unlike the report this reads every request row of
/// the range (only the columns it needs), so the range is bounded by MaxReportRangeDays and the result by
/// <see cref="MaxItems"/>.
/// </summary>
public sealed class AuditSampleService
{
    /// <summary>Most requests one sample returns; a larger sample asks for a shorter range or a lower rate.</summary>
    public const int MaxItems = 50_000;

    /// <summary>Hours read at once (each is one query over the hour's 16 request partitions).</summary>
    private const int HoursInParallel = 8;

    private static readonly string[] Columns =
        [TableSchema.RequestId, TableSchema.RequestTime, TableSchema.Model, TableSchema.Shard, TableSchema.Line, TableSchema.FlagNames, TableSchema.InputPreview, TableSchema.OutputPreview];

    private readonly QwenTables _tables;
    private readonly StorageOptions _options;

    /// <summary>Creates the service.</summary>
    public AuditSampleService(QwenTables tables, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tables = tables;
        _options = options.Value;
    }

    /// <summary>
    /// The requests with timestamps in [<paramref name="from"/>, <paramref name="to"/>) that the sampler at
    /// <paramref name="rate"/> includes, ordered by time, shard and line.
    /// </summary>
    /// <exception cref="QueryValidationException">Bad rate, from not before to, a range over MaxReportRangeDays, or more than <see cref="MaxItems"/> sampled requests.</exception>
    public async Task<AuditSample> SampleAsync(DateTimeOffset from, DateTimeOffset to, double rate, CancellationToken cancellationToken)
    {
        if (AuditSampler.ValidateRate(rate) is { } rateError)
        {
            throw new QueryValidationException(rateError);
        }

        if (from >= to)
        {
            throw new QueryValidationException($"'from' ({Iso(from)}) must be before 'to' ({Iso(to)}).");
        }

        if (to - from > TimeSpan.FromDays(_options.MaxReportRangeDays))
        {
            throw new QueryValidationException(
                $"The range {Iso(from)} to {Iso(to)} is longer than the maximum of {_options.MaxReportRangeDays} days (setting QwenLogs__MaxReportRangeDays); ask for a shorter range.");
        }

        var sampler = new AuditSampler(rate);
        var hours = new List<DateTimeOffset>();
        for (var hour = KeyEncoding.TruncateToHour(from); hour < to; hour = hour.AddHours(1))
        {
            hours.Add(hour);
        }

        var items = new ConcurrentBag<AuditSampleItem>();
        long considered = 0;
        using var tooMany = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        try
        {
            await Parallel.ForEachAsync(
                hours,
                new ParallelOptions { MaxDegreeOfParallelism = HoursInParallel, CancellationToken = tooMany.Token },
                async (hour, ct) =>
                {
                    long seen = await ReadHourAsync(hour, from, to, sampler, items, ct);
                    Interlocked.Add(ref considered, seen);
                    if (items.Count > MaxItems)
                    {
                        await tooMany.CancelAsync();
                    }
                });
        }
        catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
        {
            // Cancelled by ourselves: the sample outgrew MaxItems (reported below).
        }

        if (items.Count > MaxItems)
        {
            throw new QueryValidationException(
                $"The sample has more than {MaxItems} requests; ask for a shorter range or a lower rate (rate={rate.ToString(CultureInfo.InvariantCulture)}).");
        }

        var ordered = items
            .OrderBy(item => item.Timestamp)
            .ThenBy(item => item.Shard, StringComparer.Ordinal)
            .ThenBy(item => item.Line)
            .ToList();
        return new AuditSample(rate, from, to, considered, ordered);
    }

    private async Task<long> ReadHourAsync(
        DateTimeOffset hour, DateTimeOffset from, DateTimeOffset to, AuditSampler sampler, ConcurrentBag<AuditSampleItem> items, CancellationToken cancellationToken)
    {
        string hourKey = KeyEncoding.HourKey(hour);
        string filter = TableClient.CreateQueryFilter(
            $"PartitionKey ge {RequestEntities.RequestPartitionStart(hourKey)} and PartitionKey lt {RequestEntities.RequestPartitionEnd(hourKey)}");
        long seen = 0;
        try
        {
            await foreach (var row in _tables.Requests(KeyEncoding.MonthOf(hourKey)).QueryAsync<TableEntity>(filter, select: Columns, cancellationToken: cancellationToken))
            {
                var time = row.GetDateTimeOffset(TableSchema.RequestTime) ?? hour;
                if (time < from || time >= to)
                {
                    continue;
                }

                seen++;
                string requestId = row.GetString(TableSchema.RequestId) ?? string.Empty;
                if (!sampler.Includes(requestId))
                {
                    continue;
                }

                items.Add(new AuditSampleItem(
                    requestId,
                    time,
                    row.GetString(TableSchema.Model) ?? string.Empty,
                    row.GetString(TableSchema.Shard) ?? string.Empty,
                    row.GetInt64(TableSchema.Line) ?? 0,
                    (row.GetString(TableSchema.FlagNames) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
                    row.GetString(TableSchema.InputPreview) ?? string.Empty,
                    row.GetString(TableSchema.OutputPreview) ?? string.Empty));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No table for that month: nothing was ingested for it, or retention dropped it.
        }

        return seen;
    }

    private static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
