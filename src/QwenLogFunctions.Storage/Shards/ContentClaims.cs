using Azure;
using Azure.Data.Tables;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Shards;

/// <summary>
/// Which shard counts a given content (table {prefix}contents, PartitionKey = SHA-256 hex of the shard's bytes,
/// RowKey "claim"): the first shard to claim a content owns it, any other shard with the same bytes is its duplicate.
/// One point read or insert per shard, whatever the number of shards. Claims are insert-if-absent, and a stale claim
/// is taken over only If-Match its ETag, so when two names with the same content are ingested at the same moment
/// exactly one wins. A claim is stale when its owner no longer holds that content: the owner was purged, re-uploaded
/// with other bytes, or failed for good (its ledger is not Succeeded or Processing with this hash).
/// </summary>
internal static class ContentClaims
{
    private const string RowKey = "claim";
    private const int Attempts = 5;

    /// <summary>Claims <paramref name="sha256"/> for the shard; null when it owns the content, else the owner's name.</summary>
    public static async Task<string?> ClaimAsync(QwenTables tables, string sha256, string shardKey, string shardName, CancellationToken cancellationToken)
    {
        var claim = new TableEntity(sha256, RowKey) { ["ShardKey"] = shardKey, ["ShardName"] = shardName };
        for (int attempt = 0; attempt < Attempts; attempt++)
        {
            try
            {
                await tables.WriteAsync(tables.Contents, ct => tables.Contents.AddEntityAsync(claim, ct), cancellationToken);
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status == 409)
            {
                // Someone holds it: read who.
            }

            var existing = await tables.Contents.GetEntityIfExistsAsync<TableEntity>(sha256, RowKey, cancellationToken: cancellationToken);
            if (!existing.HasValue)
            {
                continue;
            }

            var current = existing.Value!;
            string ownerKey = current.GetString("ShardKey") ?? string.Empty;
            if (string.Equals(ownerKey, shardKey, StringComparison.Ordinal))
            {
                return null;
            }

            var owner = await ShardLedger.ReadAsync(tables, ownerKey, cancellationToken);
            bool holds = owner is { Status: ShardIngestStatus.Succeeded or ShardIngestStatus.Processing }
                && string.Equals(owner.ContentSha256, sha256, StringComparison.Ordinal);
            if (holds)
            {
                return current.GetString("ShardName") ?? owner!.Name;
            }

            try
            {
                await tables.Contents.UpdateEntityAsync(claim, current.ETag, TableUpdateMode.Replace, cancellationToken);
                return null;
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Another shard took it over (or released it) first: look again.
            }
        }

        throw new InvalidOperationException($"Could not settle who owns content {sha256} after {Attempts} attempts; the retry will try again.");
    }

    /// <summary>Releases the shard's claim on <paramref name="sha256"/>, if it holds it (after a purge).</summary>
    public static async Task ReleaseAsync(QwenTables tables, string sha256, string shardKey, CancellationToken cancellationToken)
    {
        var existing = await tables.Contents.GetEntityIfExistsAsync<TableEntity>(sha256, RowKey, cancellationToken: cancellationToken);
        if (existing.HasValue && string.Equals(existing.Value!.GetString("ShardKey"), shardKey, StringComparison.Ordinal))
        {
            try
            {
                await tables.Contents.DeleteEntityAsync(sha256, RowKey, existing.Value.ETag, cancellationToken);
            }
            catch (RequestFailedException ex) when (ex.Status is 404 or 412)
            {
                // Taken over or gone meanwhile: nothing of ours to release.
            }
        }
    }
}
