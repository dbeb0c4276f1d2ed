using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage;

/// <summary>
/// Creates what the pipeline needs before the first upload: the logs container (without it the blob trigger's
/// container scan logs a 404 on every poll) and the fixed tables. Idempotent; the Functions app runs it at start-up.
/// </summary>
public sealed class StorageInitializer
{
    private readonly BlobServiceClient _blobs;
    private readonly QwenTables _tables;
    private readonly StorageOptions _options;
    private readonly ILogger<StorageInitializer> _logger;

    /// <summary>Creates the initializer.</summary>
    public StorageInitializer(BlobServiceClient blobs, QwenTables tables, IOptions<StorageOptions> options, ILogger<StorageInitializer> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _blobs = blobs;
        _tables = tables;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Creates the logs container and the fixed tables when missing; throws when storage refuses.</summary>
    public async Task EnsureCreatedAsync(CancellationToken cancellationToken)
    {
        await _blobs.GetBlobContainerClient(_options.LogsContainer).CreateIfNotExistsAsync(cancellationToken: cancellationToken);
        await _tables.EnsureFixedTablesAsync(cancellationToken);
        StorageLog.StorageReady(_logger, _options.LogsContainer);
    }

    /// <summary>
    /// The same for start-up: a failure is logged, not thrown, so an app whose storage is briefly unreachable still
    /// starts (every use case creates what it needs on first use too).
    /// </summary>
    public async Task TryEnsureCreatedAsync(CancellationToken cancellationToken)
    {
        try
        {
            await EnsureCreatedAsync(cancellationToken);
        }
        catch (Exception ex) when (ex is RequestFailedException or AggregateException or HttpRequestException)
        {
            StorageLog.StorageNotReady(_logger, ex, _options.LogsContainer);
        }
    }
}
