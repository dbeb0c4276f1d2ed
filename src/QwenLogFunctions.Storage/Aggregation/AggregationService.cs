using Azure;
using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Statistics;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Aggregation;

/// <summary>
/// Merges the per-shard partials of changed ("dirty") hours into the hourly table. Its cost is one partition read per
/// changed hour, proportional to the shards (and model/device pairs) of that hour, never to its requests.
/// </summary>
public sealed class AggregationService
{
    private readonly QwenTables _tables;
    private readonly StorageOptions _options;
    private readonly ILogger<AggregationService> _logger;

    /// <summary>Creates the service.</summary>
    public AggregationService(QwenTables tables, IOptions<StorageOptions> options, ILogger<AggregationService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tables = tables;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>
    /// Merges every dirty hour, or only <paramref name="hour"/> (truncated to its hour) when given, whether dirty or not.
    /// </summary>
    public async Task<AggregationResult> AggregateAsync(DateTimeOffset? hour, CancellationToken cancellationToken)
    {
        try
        {
            return await AggregateOnceAsync(hour, cancellationToken);
        }
        catch (RequestFailedException ex) when (QwenTables.IsTableNotFound(ex))
        {
            // A fixed table was dropped after this process created it. A run only merges partials into replaced rows,
            // so running it again from the start, with the tables created anew, gives the same result.
            _tables.ForgetFixedTables();
            return await AggregateOnceAsync(hour, cancellationToken);
        }
    }

    private async Task<AggregationResult> AggregateOnceAsync(DateTimeOffset? hour, CancellationToken cancellationToken)
    {
        var stopwatch = System.Diagnostics.Stopwatch.StartNew();
        await _tables.EnsureFixedTablesAsync(cancellationToken);
        var targets = new List<(string HourKey, ETag? ETag)>();
        if (hour is { } requested)
        {
            string key = KeyEncoding.HourKey(requested);
            var marker = await _tables.Dirty.GetEntityIfExistsAsync<TableEntity>(DirtyHours.Partition, key, cancellationToken: cancellationToken);
            targets.Add((key, marker.HasValue ? marker.Value!.ETag : null));
        }
        else
        {
            await foreach (var marker in _tables.Dirty.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {DirtyHours.Partition}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                targets.Add((marker.RowKey, marker.ETag));
            }
        }

        var merged = new List<HourAggregate>();
        var stillDirty = new List<DateTimeOffset>();
        foreach (var (hourKey, etag) in targets.OrderBy(t => t.HourKey, StringComparer.Ordinal))
        {
            merged.Add(await AggregateHourAsync(hourKey, cancellationToken));
            if (etag is { } markerETag)
            {
                try
                {
                    // Only clear the mark we read: if a shard marked the hour again meanwhile, the ETag changed and the hour stays dirty.
                    await _tables.Dirty.DeleteEntityAsync(DirtyHours.Partition, hourKey, markerETag, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status is 404 or 412)
                {
                    StorageLog.HourStillDirty(_logger, hourKey);
                    stillDirty.Add(KeyEncoding.ParseHourKey(hourKey));
                }
            }
        }

        var lastRequestAt = await UpdateLatestRequestAsync(merged, cancellationToken);
        StorageLog.AggregationRun(_logger, merged.Count, stillDirty.Count, stopwatch.ElapsedMilliseconds);
        return new AggregationResult(merged, stillDirty) { LastRequestAt = lastRequestAt };
    }

    /// <summary>
    /// The newest request time ever aggregated, moved forward by this run's hours. One point read and at most one write
    /// per run; aggregation runs one at a time, so a plain read-then-upsert cannot lose an update.
    /// </summary>
    private async Task<DateTimeOffset?> UpdateLatestRequestAsync(IReadOnlyList<HourAggregate> merged, CancellationToken cancellationToken)
    {
        var stored = await _tables.Hourly.GetEntityIfExistsAsync<TableEntity>(HourlyEntities.MetaPartition, HourlyEntities.LatestRequestRow, cancellationToken: cancellationToken);
        DateTimeOffset? latest = stored.HasValue ? stored.Value!.GetDateTimeOffset(TableSchema.LastRequestAt) : null;
        DateTimeOffset? newest = merged.Max(hour => hour.LastRequestAt);
        if (newest is { } candidate && (latest is null || candidate > latest))
        {
            await _tables.Hourly.UpsertEntityAsync(
                new TableEntity(HourlyEntities.MetaPartition, HourlyEntities.LatestRequestRow) { [TableSchema.LastRequestAt] = candidate },
                TableUpdateMode.Replace,
                cancellationToken);
            latest = candidate;
        }

        return latest;
    }

    private async Task<HourAggregate> AggregateHourAsync(string hourKey, CancellationToken cancellationToken)
    {
        var shards = new SortedDictionary<string, ShardHour>(StringComparer.Ordinal);
        var combinations = new Dictionary<(string Model, string Device), StatisticsAccumulator>();
        int maxEmptyRun = 0;
        long rowsNotKept = 0;
        DateTimeOffset? lastRequestAt = null;
        await foreach (var partial in _tables.Partials.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {hourKey}"), cancellationToken: cancellationToken))
        {
            if (string.Equals(partial.GetString(TableSchema.Kind), TableSchema.ShardRow, StringComparison.Ordinal))
            {
                var shard = new ShardHour(
                    partial.GetString(TableSchema.ShardName) ?? partial.RowKey,
                    partial.GetInt64(TableSchema.Requests) ?? 0,
                    partial.GetInt32(TableSchema.MaxEmptyRun) ?? 0,
                    partial.GetDateTimeOffset(TableSchema.EmptyRunFirstAt),
                    partial.GetDateTimeOffset(TableSchema.EmptyRunLastAt),
                    partial.GetDateTimeOffset(TableSchema.LastRequestAt));
                shards[partial.RowKey] = shard;
                rowsNotKept += partial.GetInt64(TableSchema.RowsNotKept) ?? 0;
                maxEmptyRun = Math.Max(maxEmptyRun, shard.LongestEmptyRun);
                if (shard.LastRequestAt is { } last && (lastRequestAt is null || last > lastRequestAt))
                {
                    lastRequestAt = last;
                }

                continue;
            }

            var key = (partial.GetString(TableSchema.Model) ?? TableSchema.Unknown, partial.GetString(TableSchema.Device) ?? TableSchema.Unknown);
            var statistics = HourlyEntities.ReadStatistics(partial);
            if (combinations.TryGetValue(key, out var existing))
            {
                existing.Merge(statistics);
            }
            else
            {
                combinations[key] = statistics;
            }
        }

        var overall = new StatisticsAccumulator();
        var byModel = new SortedDictionary<string, StatisticsAccumulator>(StringComparer.Ordinal);
        foreach (var ((model, _), statistics) in combinations)
        {
            overall.Merge(statistics);
            if (!byModel.TryGetValue(model, out var modelStatistics))
            {
                modelStatistics = new StatisticsAccumulator();
                byModel[model] = modelStatistics;
            }

            modelStatistics.Merge(statistics);
        }

        // Replace the hour's rows: upsert the new set, delete rows of pairs that no longer exist (after a purge or re-upload).
        // The header goes last, after everything else is written: readers that cache an hour by its header's ETag
        // (HourlyRowCache) then always see a new ETag after any change to the hour's rows.
        var combinationRows = combinations.Select(pair => HourlyEntities.Combination(hourKey, pair.Key.Model, pair.Key.Device, pair.Value)).ToList();
        TableEntity? header = combinations.Count > 0
            ? HourlyEntities.Header(hourKey, shards.Keys, overall.TotalRequests, maxEmptyRun, lastRequestAt, rowsNotKept)
            : null;
        var keep = combinationRows.Select(row => row.RowKey).ToHashSet(StringComparer.Ordinal);
        if (header is not null)
        {
            keep.Add(header.RowKey);
        }

        string month = KeyEncoding.MonthOf(hourKey);
        var (start, end) = HourlyEntities.HourRange(hourKey);
        using (var writer = new BatchWriter(_tables, _options.MaxBatchesInFlight, cancellationToken))
        {
            TableEntity? staleHeader = null;
            await foreach (var existing in _tables.Hourly.QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {month} and RowKey ge {start} and RowKey lt {end}"), select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                if (!keep.Contains(existing.RowKey))
                {
                    // An hour left without requests loses its header last as well, for the same reason.
                    if (string.Equals(existing.RowKey, hourKey, StringComparison.Ordinal))
                    {
                        staleHeader = existing;
                        continue;
                    }

                    await writer.DeleteAsync(_tables.Hourly, existing);
                }
            }

            foreach (var row in combinationRows)
            {
                await writer.AddAsync(_tables.Hourly, row);
            }

            await writer.FlushAsync();
            if (header is not null)
            {
                await writer.AddAsync(_tables.Hourly, header);
            }
            else if (staleHeader is not null)
            {
                await writer.DeleteAsync(_tables.Hourly, staleHeader);
            }

            await writer.FlushAsync();
        }

        StorageLog.HourAggregated(_logger, hourKey, overall.TotalRequests, shards.Count);
        var hour = KeyEncoding.ParseHourKey(hourKey);
        return new HourAggregate(
            hour,
            overall.ToHourly(hour),
            byModel.ToDictionary(pair => pair.Key, pair => pair.Value.ToHourly(hour), StringComparer.Ordinal),
            maxEmptyRun,
            [.. shards.Values.Select(shard => shard.Shard)])
        {
            ShardDetails = [.. shards.Values],
            LastRequestAt = lastRequestAt,
        };
    }
}
