using Azure.Data.Tables;
using QwenLogFunctions.Core.Statistics;

namespace QwenLogFunctions.Storage.Tables;

/// <summary>
/// Per-shard, per-hour partial statistics (table {prefix}partials, PartitionKey = hour key). For each shard that has
/// requests in the hour: one header row (RowKey = shard key) with the shard's name and its longest run of consecutive
/// empty responses, and one row per (model, device) (RowKey = shard key|model|device) with the serialized
/// <see cref="StatisticsAccumulator"/>. A shard only ever writes its own rows, so parallel shards never contend.
/// </summary>
internal static class PartialEntities
{
    public const char Separator = '|';

    /// <summary>
    /// The shard's header row of an hour. The empty run's first and last request times are stored when there is a run
    /// (the alert names them); the newest request time feeds the "no requests for N hours" rule.
    /// </summary>
    public static TableEntity Header(
        string hourKey, string shardKey, string shardName, long requests, int maxEmptyRun, long emptyRunFirstSeconds, long emptyRunLastSeconds, long lastRequestSeconds, long rowsNotKept = 0)
    {
        var entity = new TableEntity(hourKey, shardKey)
        {
            [TableSchema.Kind] = TableSchema.ShardRow,
            [TableSchema.ShardName] = RequestEntities.Clip(shardName),
            [TableSchema.Requests] = requests,
            [TableSchema.MaxEmptyRun] = maxEmptyRun,
            [TableSchema.LastRequestAt] = DateTimeOffset.FromUnixTimeSeconds(lastRequestSeconds),
            [TableSchema.RowsNotKept] = rowsNotKept,
        };
        if (maxEmptyRun > 0)
        {
            entity[TableSchema.EmptyRunFirstAt] = DateTimeOffset.FromUnixTimeSeconds(emptyRunFirstSeconds);
            entity[TableSchema.EmptyRunLastAt] = DateTimeOffset.FromUnixTimeSeconds(emptyRunLastSeconds);
        }

        return entity;
    }

    public static TableEntity Combination(string hourKey, string shardKey, string model, string device, StatisticsAccumulator statistics) =>
        StatisticsRow(hourKey, shardKey, model, device, statistics);

    /// <summary>
    /// A (model, device) statistics row, as the partials table (partition = hour, row = shard|model|device) and the
    /// hourly table (partition = month, row = hour|model|device) both store it.
    /// </summary>
    public static TableEntity StatisticsRow(string partitionKey, string rowKeyPrefix, string model, string device, StatisticsAccumulator statistics)
    {
        var entity = new TableEntity(partitionKey, rowKeyPrefix + Separator + KeyEncoding.Escape(model) + Separator + KeyEncoding.Escape(device))
        {
            [TableSchema.Kind] = TableSchema.CombinationRow,
            [TableSchema.Model] = RequestEntities.Clip(model),
            [TableSchema.Device] = RequestEntities.Clip(device),
            [TableSchema.Requests] = statistics.TotalRequests,
        };
        LargeProperty.SetBytes(entity, TableSchema.Stats, statistics.ToBytes());
        return entity;
    }

    /// <summary>Range of one shard's rows in an hour: its header and its combinations ('}' follows '|').</summary>
    public static (string Start, string End) ShardRange(string shardKey) => (shardKey, shardKey + "}");
}
