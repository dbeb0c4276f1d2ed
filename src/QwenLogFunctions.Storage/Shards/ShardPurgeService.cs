using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Shards;

/// <summary>
/// Removes one shard's whole contribution on request (a user deleting a shard's logs): request rows, flag-index
/// rows, rejects and partial statistics. The hours it touched are marked dirty, so the next aggregation recomputes
/// them without it. The ledger row stays, with status Purged, as the record that this happened.
/// </summary>
public sealed class ShardPurgeService
{
    private readonly QwenTables _tables;
    private readonly StorageOptions _options;
    private readonly ILogger<ShardPurgeService> _logger;

    /// <summary>Creates the service.</summary>
    public ShardPurgeService(QwenTables tables, IOptions<StorageOptions> options, ILogger<ShardPurgeService> logger)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tables = tables;
        _options = options.Value;
        _logger = logger;
    }

    /// <summary>Purges the shard; false when the ledger does not know it.</summary>
    public async Task<bool> PurgeAsync(string shardName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardName);
        await _tables.EnsureFixedTablesAsync(cancellationToken);
        var ledger = await ShardLedger.ReadAsync(_tables, KeyEncoding.ShardKey(shardName), cancellationToken);
        if (ledger is null || !string.Equals(ledger.Name, shardName, StringComparison.Ordinal))
        {
            return false;
        }

        // Clear ContentVersion first: if the purge dies halfway, any later ingest of the shard purges again before writing.
        ledger.ContentVersion = string.Empty;
        ledger.Status = ShardIngestStatus.Purged;
        await ledger.SaveAsync(_tables, cancellationToken);

        int hours = ledger.Hours.Count;
        await ShardDataRemover.RemoveAsync(_tables, ledger.ShardKey, ledger.Hours, ledger.RejectsTable, _options.MaxBatchesInFlight, cancellationToken);
        ledger.Hours.Clear();
        ledger.RejectsTable = null;
        ledger.Lines = null;
        ledger.FinishedAt = DateTimeOffset.UtcNow;
        await ledger.SaveAsync(_tables, cancellationToken);
        StorageLog.ShardPurged(_logger, shardName, hours);
        return true;
    }
}
