using Azure.Core;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Configuration;

namespace QwenLogFunctions.Storage.DependencyInjection;

/// <summary>
/// Builds the table and blob service clients from the same configuration the Functions host reads for
/// AzureWebJobsStorage: either a connection string (the section's own value, e.g. UseDevelopmentStorage=true), or
/// the identity-based form with __tableServiceUri / __blobServiceUri (or __serviceUri, or __accountName) plus
/// __credential=managedidentity and __clientId, whose credential Microsoft.Extensions.Azure builds.
/// </summary>
public static class StorageClientFactory
{
    /// <summary>The table service client of a storage section.</summary>
    public static TableServiceClient CreateTableService(IConfigurationSection storage, TableClientOptions options, Func<TokenCredential> credential)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (!string.IsNullOrWhiteSpace(storage.Value))
        {
            return new TableServiceClient(storage.Value, options);
        }

        return new TableServiceClient(ServiceUri(storage, "tableServiceUri", "table"), credential(), options);
    }

    /// <summary>The blob service client of a storage section.</summary>
    public static BlobServiceClient CreateBlobService(IConfigurationSection storage, BlobClientOptions options, Func<TokenCredential> credential)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (!string.IsNullOrWhiteSpace(storage.Value))
        {
            return new BlobServiceClient(storage.Value, options);
        }

        return new BlobServiceClient(ServiceUri(storage, "blobServiceUri", "blob", storage["serviceUri"]), credential(), options);
    }

    /// <summary>The queue service client of a storage section (the purge queue lives next to the host's own queues).</summary>
    public static QueueServiceClient CreateQueueService(IConfigurationSection storage, QueueClientOptions options, Func<TokenCredential> credential)
    {
        ArgumentNullException.ThrowIfNull(storage);
        if (!string.IsNullOrWhiteSpace(storage.Value))
        {
            return new QueueServiceClient(storage.Value, options);
        }

        return new QueueServiceClient(ServiceUri(storage, "queueServiceUri", "queue"), credential(), options);
    }

    private static Uri ServiceUri(IConfigurationSection storage, string key, string service, string? fallback = null)
    {
        string? uri = storage[key] ?? fallback;
        if (!string.IsNullOrWhiteSpace(uri))
        {
            return new Uri(uri, UriKind.Absolute);
        }

        if (storage["accountName"] is { Length: > 0 } account)
        {
            return new Uri($"https://{account}.{service}.core.windows.net", UriKind.Absolute);
        }

        throw new InvalidOperationException(
            $"Storage is not configured: set {storage.Path} to a connection string (UseDevelopmentStorage=true for Azurite), " +
            $"or set {storage.Path}__{key} (with __credential=managedidentity and __clientId for a user-assigned identity).");
    }
}
