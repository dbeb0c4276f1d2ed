using Azure.Data.Tables;
using QwenLogFunctions.Core.Statistics;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Aggregation;

/// <summary>
/// Rows of the hourly table ({prefix}hourly, PartitionKey = yyyyMM): per hour a header row (RowKey = hour key) with
/// the shard list and the longest empty run, and one row per (model, device) (RowKey = hour|model|device) with the
/// merged sketch. A month is one partition, so a report over any range reads a few partitions by RowKey range.
/// </summary>
internal static class HourlyEntities
{
    /// <summary>
    /// Partition of the table's bookkeeping rows. Months are digits (yyyyMM) and every reader asks for one month
    /// partition by equality, so this partition is never read as statistics.
    /// </summary>
    public const string MetaPartition = "meta";

    /// <summary>Row (in <see cref="MetaPartition"/>) holding the newest request time ever aggregated.</summary>
    public const string LatestRequestRow = "latest-request";

    public static TableEntity Header(string hourKey, IReadOnlyCollection<string> shardKeys, long requests, int maxEmptyRun, DateTimeOffset? lastRequestAt, long rowsNotKept = 0)
    {
        var entity = new TableEntity(KeyEncoding.MonthOf(hourKey), hourKey)
        {
            [TableSchema.Kind] = TableSchema.HourRow,
            [TableSchema.Requests] = requests,
            [TableSchema.MaxEmptyRun] = maxEmptyRun,
            [TableSchema.RowsNotKept] = rowsNotKept,
            ["ShardCount"] = shardKeys.Count,
        };
        if (lastRequestAt is { } last)
        {
            entity[TableSchema.LastRequestAt] = last;
        }

        LargeProperty.SetString(entity, TableSchema.ShardKeys, string.Join(',', shardKeys));
        return entity;
    }

    public static TableEntity Combination(string hourKey, string model, string device, StatisticsAccumulator statistics) =>
        PartialEntities.StatisticsRow(KeyEncoding.MonthOf(hourKey), hourKey, model, device, statistics);

    /// <summary>Row-key range of one hour's rows: the header and its combinations ('}' follows '|').</summary>
    public static (string Start, string End) HourRange(string hourKey) => (hourKey, hourKey + "}");

    public static StatisticsAccumulator ReadStatistics(TableEntity entity) =>
        StatisticsAccumulator.FromBytes(LargeProperty.GetBytes(entity, TableSchema.Stats) ?? throw new FormatException($"Row {entity.PartitionKey}/{entity.RowKey} has no statistics."));
}
