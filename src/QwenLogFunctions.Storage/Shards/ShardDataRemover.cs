using Azure;
using Azure.Data.Tables;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Shards;

/// <summary>
/// Removes everything one shard wrote in the hours its ledger lists: request rows (all buckets), flag-index rows,
/// partial statistics, and its rejects; then marks those hours dirty so their aggregates are recomputed. Each delete
/// is a range query on (hour partitions, shard row-key prefix), never a scan of other shards' rows or other hours.
/// </summary>
internal static class ShardDataRemover
{
    public static async Task RemoveAsync(QwenTables tables, string shardKey, IReadOnlyCollection<string> hourKeys, string? rejectsTable, int maxInFlight, CancellationToken cancellationToken)
    {
        using var writer = new BatchWriter(tables, maxInFlight, cancellationToken);
        foreach (var hour in hourKeys)
        {
            var requests = tables.Requests(KeyEncoding.MonthOf(hour));
            string rowStart = KeyEncoding.ShardRowKeyStart(shardKey), rowEnd = KeyEncoding.ShardRowKeyEnd(shardKey);
            await DeleteAllAsync(writer, requests, TableClient.CreateQueryFilter(
                $"PartitionKey ge {RequestEntities.RequestPartitionStart(hour)} and PartitionKey lt {RequestEntities.RequestPartitionEnd(hour)} and RowKey ge {rowStart} and RowKey lt {rowEnd}"), cancellationToken);
            await DeleteAllAsync(writer, requests, TableClient.CreateQueryFilter(
                $"PartitionKey ge {RequestEntities.FlagPartitionStart(hour)} and PartitionKey lt {RequestEntities.FlagPartitionEnd(hour)} and RowKey ge {rowStart} and RowKey lt {rowEnd}"), cancellationToken);
            var (start, end) = PartialEntities.ShardRange(shardKey);
            await DeleteAllAsync(writer, tables.Partials, TableClient.CreateQueryFilter(
                $"PartitionKey eq {hour} and RowKey ge {start} and RowKey lt {end}"), cancellationToken);
        }

        if (rejectsTable is not null)
        {
            await DeleteAllAsync(writer, tables.Table(rejectsTable), TableClient.CreateQueryFilter($"PartitionKey eq {shardKey}"), cancellationToken);
        }

        await writer.FlushAsync();
        await DirtyHours.MarkAsync(tables, hourKeys, cancellationToken);
    }

    private static async Task DeleteAllAsync(BatchWriter writer, TableClient table, string filter, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var entity in table.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "RowKey"], cancellationToken: cancellationToken))
            {
                await writer.DeleteAsync(table, entity);
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // The month's table is gone (retention dropped it): nothing of this shard is left there.
        }
    }
}
