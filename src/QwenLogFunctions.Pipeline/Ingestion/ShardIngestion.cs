using Azure.Storage.Blobs;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Storage.Ingestion;

namespace QwenLogFunctions.Pipeline.Ingestion;

/// <summary>
/// Ingest one shard: the blob triggers and <c>qwenlog ingest</c> both come here. A name outside the
/// <see cref="ShardNameRule"/> is recorded as skipped in the ledger; a shard goes to <see cref="IngestionService"/>.
/// </summary>
public sealed class ShardIngestion
{
    private readonly IngestionService _ingestion;

    /// <summary>Creates the use case.</summary>
    public ShardIngestion(IngestionService ingestion) => _ingestion = ingestion;

    /// <summary>Ingests a blob (streamed, pinned to the ETag seen at the start).</summary>
    /// <param name="blob">The blob.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="force">Re-ingest even if the ledger says this version already succeeded.</param>
    public Task<IngestionResult> IngestAsync(BlobClient blob, CancellationToken cancellationToken, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(blob);
        return ShardNameRule.IsShardName(blob.Name)
            ? _ingestion.IngestAsync(blob, cancellationToken, force)
            : _ingestion.RecordSkippedAsync(blob.Name, cancellationToken);
    }

    /// <summary>Ingests content from a stream (the CLI's files); <paramref name="version"/> identifies the content.</summary>
    /// <param name="content">The shard's bytes; disposed when read.</param>
    /// <param name="shardName">The shard's name in storage.</param>
    /// <param name="version">Identifies the content: a different value replaces the earlier contribution.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="force">Re-ingest even if this version already succeeded.</param>
    public async Task<IngestionResult> IngestAsync(Stream content, string shardName, string version, CancellationToken cancellationToken, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(shardName);
        if (ShardNameRule.IsShardName(shardName))
        {
            return await _ingestion.IngestAsync(content, shardName, version, cancellationToken, force);
        }

        await content.DisposeAsync();
        return await _ingestion.RecordSkippedAsync(shardName, cancellationToken);
    }
}
