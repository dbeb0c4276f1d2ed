using Azure.Storage.Blobs;
using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Pipeline.Ingestion;
using QwenLogFunctions.Storage.Ingestion;

namespace QwenLogFunctions.Functions.Triggers;

/// <summary>
/// Blob-triggered ingestion (the <see cref="ShardIngestion"/> use case). Two triggers run the same code: <see cref="Ingest"/> polls the container (logs and
/// container scan: local runs on Azurite, classic plans) and <see cref="IngestFromEventGrid"/> is pushed by Event Grid
/// (Flex Consumption). Each environment disables the other with the app setting AzureWebJobs_{name}_Disabled=true.
/// A failing shard throws: the host retries it (5 attempts in all, host.json poisonBlobThreshold) and then writes it to
/// the queue webjobs-blobtrigger-poison; the ledger shows Failed with the last error meanwhile (see <see cref="IngestionService"/>).
/// </summary>
public sealed class IngestFunctions
{
    private const string BlobPath = "%QwenLogs:LogsContainer%/{name}";

    private readonly ShardIngestion _ingestion;

    /// <summary>Creates the functions.</summary>
    public IngestFunctions(ShardIngestion ingestion) => _ingestion = ingestion;

    /// <summary>Ingests a new or changed blob found by the host's container polling. Streams the blob.</summary>
    [Function(nameof(Ingest))]
    public Task Ingest(
        [BlobTrigger(BlobPath, Source = BlobTriggerSource.LogsAndContainerScan)] BlobClient blob,
        CancellationToken cancellationToken) =>
        _ingestion.IngestAsync(blob, cancellationToken);

    /// <summary>Ingests a blob announced by an Event Grid BlobCreated event. Streams the blob.</summary>
    [Function(nameof(IngestFromEventGrid))]
    public Task IngestFromEventGrid(
        [BlobTrigger(BlobPath, Source = BlobTriggerSource.EventGrid)] BlobClient blob,
        CancellationToken cancellationToken) =>
        _ingestion.IngestAsync(blob, cancellationToken);
}
