using Azure.Data.Tables;

namespace QwenLogFunctions.Storage.Tables;

/// <summary>
/// The "dirty hours" markers (table {prefix}dirty, PartitionKey "dirty", RowKey = hour key): hours whose partials
/// changed since the last aggregation. Every mark rewrites the row, which changes its ETag, so the aggregator's
/// conditional delete fails, and the hour stays dirty, when a shard marked it again while it was being merged.
/// </summary>
internal static class DirtyHours
{
    public const string Partition = "dirty";

    public static async Task MarkAsync(QwenTables tables, IEnumerable<string> hourKeys, CancellationToken cancellationToken)
    {
        var now = DateTimeOffset.UtcNow;
        foreach (var chunk in hourKeys.Distinct(StringComparer.Ordinal).Chunk(BatchWriter.MaxBatchSize))
        {
            var actions = chunk.Select(hour => new TableTransactionAction(
                TableTransactionActionType.UpsertReplace,
                new TableEntity(Partition, hour) { ["MarkedAt"] = now, ["Nonce"] = Guid.NewGuid().ToString("N") }));
            await tables.WriteAsync(tables.Dirty, ct => tables.Dirty.SubmitTransactionAsync(actions, ct), cancellationToken);
        }
    }
}
