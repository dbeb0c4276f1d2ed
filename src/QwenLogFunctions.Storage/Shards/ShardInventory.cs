using System.Runtime.CompilerServices;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Shards;

/// <summary>
/// The storage side of Reconcile: the blobs uploaded to the logs container with their current versions, and what the
/// shard ledger records for each shard. It only reads; which uploads are behind is the use case's decision
/// (QwenLogFunctions.Pipeline's <c>Reconciliation</c>).
/// </summary>
public sealed class ShardInventory
{
    private readonly BlobServiceClient _blobs;
    private readonly QwenTables _tables;
    private readonly StorageOptions _options;

    /// <summary>Creates the inventory.</summary>
    public ShardInventory(BlobServiceClient blobs, QwenTables tables, IOptions<StorageOptions> options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _blobs = blobs;
        _tables = tables;
        _options = options.Value;
    }

    private BlobContainerClient Logs => _blobs.GetBlobContainerClient(_options.LogsContainer);

    /// <summary>Creates the logs container when missing and ensures the fixed tables (the ledger among them).</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await Logs.CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _tables.EnsureFixedTablesAsync(cancellationToken);
    }

    /// <summary>The uploaded blob of that name in the logs container.</summary>
    public BlobClient GetUpload(string name) => Logs.GetBlobClient(name);

    /// <summary>Every blob in the logs container with its current version (ETag), in listing order.</summary>
    public async IAsyncEnumerable<UploadedBlob> ListUploadsAsync([EnumeratorCancellation] CancellationToken cancellationToken)
    {
        await foreach (var blob in Logs.GetBlobsAsync(cancellationToken: cancellationToken))
        {
            yield return new UploadedBlob(blob.Name, (blob.Properties.ETag ?? default).ToString());
        }
    }

    /// <summary>What the ledger records for every shard, by shard name (only the columns Reconcile needs are read).</summary>
    public async Task<IReadOnlyDictionary<string, LedgerVersion>> ReadLedgerAsync(CancellationToken cancellationToken)
    {
        var entries = new Dictionary<string, LedgerVersion>(StringComparer.Ordinal);
        await foreach (var row in _tables.Shards.QueryAsync<TableEntity>(
            select: ["PartitionKey", TableSchema.ShardName, "Status", "BlobVersion", "Attempts", "StartedAt"], cancellationToken: cancellationToken))
        {
            // The same mapping as every other ledger read; the columns not selected keep their defaults here.
            var ledger = ShardLedger.FromEntity(row);
            entries[ledger.Name] = new LedgerVersion(ledger.Status, ledger.BlobVersion, ledger.Attempts, ledger.StartedAt);
        }

        return entries;
    }
}

/// <summary>A blob in the logs container.</summary>
/// <param name="Name">The blob's name (the shard's name).</param>
/// <param name="Version">Its current ETag as a listing gives it (without the quotes a blob's properties have).</param>
public sealed record UploadedBlob(string Name, string Version);

/// <summary>What the ledger records for one shard, as far as Reconcile needs it.</summary>
/// <param name="Status">The ledger's status.</param>
/// <param name="BlobVersion">The blob version (ETag) the status is about.</param>
/// <param name="Attempts">Ingestion attempts on that version.</param>
/// <param name="StartedAt">When the last attempt started.</param>
public sealed record LedgerVersion(ShardIngestStatus Status, string? BlobVersion, int Attempts, DateTimeOffset? StartedAt);
