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
            ["Kind"] = "shard",
            ["ShardName"] = RequestEntities.Clip(shardName),
            ["Requests"] = requests,
            ["MaxEmptyRun"] = maxEmptyRun,
            ["LastRequestAt"] = DateTimeOffset.FromUnixTimeSeconds(lastRequestSeconds),
            ["RowsNotKept"] = rowsNotKept,
        };
        if (maxEmptyRun > 0)
        {
            entity["EmptyRunFirstAt"] = DateTimeOffset.FromUnixTimeSeconds(emptyRunFirstSeconds);
            entity["EmptyRunLastAt"] = DateTimeOffset.FromUnixTimeSeconds(emptyRunLastSeconds);
        }

        return entity;
    }

    public static TableEntity Combination(string hourKey, string shardKey, string model, string device, StatisticsAccumulator statistics)
    {
        var entity = new TableEntity(hourKey, shardKey + Separator + KeyEncoding.Escape(model) + Separator + KeyEncoding.Escape(device))
        {
            ["Kind"] = "combo",
            ["Model"] = RequestEntities.Clip(model),
            ["Device"] = RequestEntities.Clip(device),
            ["Requests"] = statistics.TotalRequests,
        };
        LargeProperty.SetBytes(entity, "Stats", statistics.ToBytes());
        return entity;
    }

    /// <summary>Range of one shard's rows in an hour: its header and its combinations ('}' follows '|').</summary>
    public static (string Start, string End) ShardRange(string shardKey) => (shardKey, shardKey + "}");
}
