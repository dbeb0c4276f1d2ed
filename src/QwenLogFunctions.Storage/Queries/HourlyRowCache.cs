using System.Collections.Concurrent;
using Azure;
using Azure.Data.Tables;
using QwenLogFunctions.Core.Statistics;
using QwenLogFunctions.Storage.Aggregation;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Queries;

/// <summary>
/// The hourly table's rows as the report reads them, kept in memory per hour and checked against the hour's header row
/// on every read. A 30-day report is 720 hours and thousands of (model, device) rows of sketches; reading them all from
/// storage for each request is what made the report slow, while an hour, once aggregated, rarely changes. Each read
/// lists only the header rows of the range (small, projected) and fetches again just the hours whose header ETag moved.
/// </summary>
/// <remarks>
/// Why the header's ETag is enough: the aggregator writes an hour's header last, after its combination rows are
/// written and stale ones deleted (<see cref="AggregationService"/>), so any change to an hour's rows is followed by a
/// new header ETag. A read that races an aggregation may cache a mix under the old ETag; the header written after it
/// replaces that entry on the next read. Hours whose header is gone (no requests left after a purge) are not listed and
/// so never served. Cached statistics are shared by concurrent reports and only ever read (merged into others).
/// </remarks>
internal sealed class HourlyRowCache
{
    /// <summary>Above this many changed hours in one partition, one range read is cheaper than one read per hour.</summary>
    private const int HoursReadOneByOne = 24;

    private const int HourReadsInParallel = 8;

    private readonly ConcurrentDictionary<string, CachedHour> _hours = new(StringComparer.Ordinal);
    private readonly int _maxHours;
    private long _hoursFetched;

    /// <summary>Creates an empty cache holding at most <paramref name="maxHours"/> hours.</summary>
    public HourlyRowCache(int maxHours)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxHours, 1);
        _maxHours = maxHours;
    }

    /// <summary>How many hours are held now (for tests and logs).</summary>
    public int Count => _hours.Count;

    /// <summary>How many hours were read from storage so far (the rest were served from memory).</summary>
    public long HoursFetched => Interlocked.Read(ref _hoursFetched);

    /// <summary>
    /// The aggregated hours with row keys in [<paramref name="startKey"/>, <paramref name="endKey"/>) of one month
    /// partition, in hour order, fresh as of this call.
    /// </summary>
    public async Task<IReadOnlyList<CachedHour>> ReadAsync(TableClient hourly, string partition, string startKey, string endKey, CancellationToken cancellationToken)
    {
        var headers = new List<(string HourKey, ETag ETag)>();
        // The column name is not a value: only the values go through the SDK's quoting.
        string headerFilter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {startKey} and RowKey lt {endKey}")
            + $" and {TableSchema.Kind} eq " + TableClient.CreateQueryFilter($"{TableSchema.HourRow}");
        await foreach (var header in hourly.QueryAsync<TableEntity>(headerFilter, select: ["RowKey", TableSchema.Kind], cancellationToken: cancellationToken))
        {
            headers.Add((header.RowKey, header.ETag));
        }

        // The hours this call uses are held here, not looked up again in the shared cache afterwards: another call may
        // clear the cache (its size bound) in between.
        var hours = new Dictionary<string, CachedHour>(headers.Count, StringComparer.Ordinal);
        var stale = new List<string>();
        foreach (var (hourKey, etag) in headers)
        {
            if (_hours.TryGetValue(hourKey, out var cached) && cached.HeaderETag == etag)
            {
                hours[hourKey] = cached;
            }
            else
            {
                stale.Add(hourKey);
            }
        }

        if (stale.Count > HoursReadOneByOne)
        {
            foreach (var hour in await ReadRangeAsync(hourly, partition, startKey, endKey, cancellationToken))
            {
                hours[hour.HourKey] = hour;
                Store(hour);
            }
        }
        else if (stale.Count > 0)
        {
            var read = new ConcurrentBag<CachedHour>();
            await Parallel.ForEachAsync(
                stale,
                new ParallelOptions { MaxDegreeOfParallelism = HourReadsInParallel, CancellationToken = cancellationToken },
                async (hourKey, ct) =>
                {
                    var (start, end) = HourlyEntities.HourRange(hourKey);
                    foreach (var hour in await ReadRangeAsync(hourly, partition, start, end, ct))
                    {
                        read.Add(hour);
                    }
                });
            foreach (var hour in read)
            {
                hours[hour.HourKey] = hour;
                Store(hour);
            }
        }

        var result = new List<CachedHour>(headers.Count);
        foreach (var (hourKey, _) in headers)
        {
            // Missing only when the hour's rows vanished between the two reads (a purge emptied it): nothing to report.
            if (hours.TryGetValue(hourKey, out var hour))
            {
                result.Add(hour);
            }
        }

        return result;
    }

    private void Store(CachedHour hour)
    {
        Interlocked.Increment(ref _hoursFetched);
        if (_hours.Count >= _maxHours && !_hours.ContainsKey(hour.HourKey))
        {
            // Simple bound instead of LRU bookkeeping: reports ask for recent ranges, which refill in one range read.
            _hours.Clear();
        }

        _hours[hour.HourKey] = hour;
    }

    private static async Task<List<CachedHour>> ReadRangeAsync(TableClient hourly, string partition, string startKey, string endKey, CancellationToken cancellationToken)
    {
        var hours = new List<CachedHour>();
        string filter = TableClient.CreateQueryFilter($"PartitionKey eq {partition} and RowKey ge {startKey} and RowKey lt {endKey}");
        CachedHourBuilder? current = null;
        await foreach (var row in hourly.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            string hourKey = row.RowKey[..KeyEncoding.HourKeyLength];
            if (current is null || !string.Equals(current.HourKey, hourKey, StringComparison.Ordinal))
            {
                if (current?.Build() is { } done)
                {
                    hours.Add(done);
                }

                current = new CachedHourBuilder(hourKey);
            }

            current.Add(row);
        }

        if (current?.Build() is { } last)
        {
            hours.Add(last);
        }

        return hours;
    }

    private sealed class CachedHourBuilder(string hourKey)
    {
        private readonly List<CachedCombination> _combinations = [];
        private TableEntity? _header;

        public string HourKey { get; } = hourKey;

        public void Add(TableEntity row)
        {
            if (string.Equals(row.GetString(TableSchema.Kind), TableSchema.HourRow, StringComparison.Ordinal))
            {
                _header = row;
                return;
            }

            _combinations.Add(new CachedCombination(
                row.GetString(TableSchema.Model) ?? TableSchema.Unknown,
                row.GetString(TableSchema.Device) ?? TableSchema.Unknown,
                HourlyEntities.ReadStatistics(row)));
        }

        /// <summary>The hour, or null when its header was not among the rows (being rewritten or deleted).</summary>
        public CachedHour? Build() => _header is null
            ? null
            : new CachedHour(
                HourKey,
                _header.ETag,
                _header.GetInt32(TableSchema.MaxEmptyRun) ?? 0,
                _header.GetInt64(TableSchema.RowsNotKept) ?? 0,
                (LargeProperty.GetString(_header, TableSchema.ShardKeys) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
                _combinations);
    }
}

/// <summary>One aggregated hour as the report reads it: its header's figures and its (model, device) statistics.</summary>
internal sealed record CachedHour(
    string HourKey,
    ETag HeaderETag,
    int MaxEmptyRun,
    long RowsNotKept,
    IReadOnlyList<string> ShardKeys,
    IReadOnlyList<CachedCombination> Combinations);

/// <summary>The merged statistics of one (model, device) pair in one hour; never modified once read.</summary>
internal sealed record CachedCombination(string Model, string Device, StatisticsAccumulator Statistics);
