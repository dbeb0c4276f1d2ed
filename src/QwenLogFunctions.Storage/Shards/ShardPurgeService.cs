using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Storage.Ingestion;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Shards;

/// <summary>
/// Removes one shard's whole contribution on request (a user deleting a shard's logs): request rows, flag-index
/// rows, rejects and partial statistics; the hours it touched are marked dirty, so the next aggregation recomputes
/// them without it. The ledger row stays, with status Purged, as the record that this happened.
/// The protocol (docs/pipeline.md, "Purge"): <see cref="RequestAsync"/> marks the ledger Purging and enqueues a
/// message, in milliseconds whatever the shard's size; <see cref="ContinueAsync"/> (the PurgeShard queue function)
/// removes at most <see cref="HoursPerStep"/> hours per call, records its progress in the ledger, and asks for
/// another call until nothing is left. Any step may die or run twice: the ledger says what is left, deletes are
/// idempotent, and the timer re-enqueues a purge that stopped moving.
/// </summary>
public sealed class ShardPurgeService
{
    /// <summary>Hours removed per step: bounds the work of one queue message.</summary>
    public const int HoursPerStep = 24;

    /// <summary>An ingestion attempt younger than this (the host's functionTimeout) may still be writing: the purge waits for it.</summary>
    public static readonly TimeSpan IngestionAttemptLimit = TimeSpan.FromMinutes(30);

    /// <summary>How long the purge waits before looking again at a running ingestion attempt.</summary>
    public static readonly TimeSpan WaitForIngestion = TimeSpan.FromSeconds(30);

    /// <summary>A purge whose ledger has not moved for this long is enqueued again by <see cref="ResumeStalledAsync"/>.</summary>
    public static readonly TimeSpan StalledAfter = TimeSpan.FromMinutes(10);

    private readonly QwenTables _tables;
    private readonly StorageOptions _options;
    private readonly ILogger<ShardPurgeService> _logger;
    private readonly ShardPurgeMessages? _queue;
    private readonly BlobServiceClient? _blobs;
    private readonly IngestionService? _ingestion;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    /// <param name="tables">The pipeline's tables.</param>
    /// <param name="options">Storage settings.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="queue">Where <see cref="RequestAsync"/> sends the work; null (the CLI) purges in the calling process only.</param>
    /// <param name="blobs">With <paramref name="ingestion"/>: a blob re-uploaded during the purge is ingested when it ends.</param>
    /// <param name="ingestion">Ingests that blob.</param>
    /// <param name="time">Clock; the system clock when null.</param>
    public ShardPurgeService(
        QwenTables tables,
        IOptions<StorageOptions> options,
        ILogger<ShardPurgeService> logger,
        ShardPurgeMessages? queue = null,
        BlobServiceClient? blobs = null,
        IngestionService? ingestion = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tables = tables;
        _options = options.Value;
        _logger = logger;
        _queue = queue;
        _blobs = blobs;
        _ingestion = ingestion;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>
    /// Accepts a purge: the ledger says Purging (a shard already Purging or Purged stays as it is) and a message asks the
    /// worker to do it. False when the ledger does not know the shard.
    /// </summary>
    public async Task<bool> RequestAsync(string shardName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardName);
        await _tables.EnsureFixedTablesAsync(cancellationToken);
        for (int attempt = 0; ; attempt++)
        {
            var ledger = await ReadAsync(shardName, cancellationToken);
            if (ledger is null)
            {
                return false;
            }

            if (ledger.Status == ShardIngestStatus.Purged)
            {
                return true;
            }

            if (ledger.Status != ShardIngestStatus.Purging)
            {
                // Clear ContentVersion: whatever happens next, a later ingest of this name removes the old rows before writing.
                ledger.Status = ShardIngestStatus.Purging;
                ledger.ContentVersion = string.Empty;
                ledger.PurgeProgressAt = _time.GetUtcNow();
                try
                {
                    await ledger.SaveAsync(_tables, cancellationToken);
                }
                catch (RequestFailedException ex) when (ex.Status is 409 or 412 && attempt < 5)
                {
                    // An ingestion attempt wrote the ledger meanwhile: read it again and mark it then.
                    continue;
                }
            }

            // Sent again for a second DELETE too: a message is only a nudge, and this one may replace a lost one.
            if (_queue is not null)
            {
                await _queue.EnqueueAsync(shardName, null, cancellationToken);
            }

            StorageLog.PurgeAccepted(_logger, shardName);
            return true;
        }
    }

    /// <summary>
    /// Purges a shard in the calling process, start to end (the CLI, tests): <see cref="RequestAsync"/> then
    /// <see cref="ContinueAsync"/> until done. False when the ledger does not know the shard.
    /// </summary>
    public async Task<bool> PurgeAsync(string shardName, CancellationToken cancellationToken)
    {
        if (!await RequestAsync(shardName, cancellationToken))
        {
            return false;
        }

        PurgeStep step;
        do
        {
            step = await ContinueAsync(shardName, cancellationToken);
            if (step == PurgeStep.WaitingForIngestion)
            {
                await Task.Delay(WaitForIngestion, _time, cancellationToken);
            }
        }
        while (step is PurgeStep.MoreToDo or PurgeStep.WaitingForIngestion);
        return true;
    }

    /// <summary>
    /// One bounded step of a purge: removes up to <see cref="HoursPerStep"/> of the hours the ledger still lists, then,
    /// with none left, the rejects, the content claim, and marks the ledger Purged. Does nothing unless the ledger says
    /// Purging, so a late or repeated message is harmless.
    /// </summary>
    public async Task<PurgeStep> ContinueAsync(string shardName, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardName);
        await _tables.EnsureFixedTablesAsync(cancellationToken);
        var ledger = await ReadAsync(shardName, cancellationToken);
        if (ledger is not { Status: ShardIngestStatus.Purging })
        {
            return PurgeStep.Done;
        }

        // An ingestion attempt that was running when the purge was accepted stops at its next ledger write (the ETag
        // changed); batches it already had in flight may still land. Remove rows only once it has stopped.
        var now = _time.GetUtcNow();
        if (ledger.FinishedAt is null && ledger.StartedAt is { } started && now - started < IngestionAttemptLimit)
        {
            return PurgeStep.WaitingForIngestion;
        }

        try
        {
            if (ledger.Hours.Count > 0)
            {
                var hours = ledger.Hours.Take(HoursPerStep).ToList();
                await ShardDataRemover.RemoveAsync(_tables, ledger.ShardKey, hours, null, _options.MaxBatchesInFlight, cancellationToken);
                ledger.Hours.ExceptWith(hours);
                ledger.PurgeProgressAt = _time.GetUtcNow();
                await ledger.SaveAsync(_tables, cancellationToken);
                if (ledger.Hours.Count > 0)
                {
                    return PurgeStep.MoreToDo;
                }
            }

            await ShardDataRemover.RemoveAsync(_tables, ledger.ShardKey, [], ledger.RejectsTable, _options.MaxBatchesInFlight, cancellationToken);
            if (ledger.ContentSha256 is { } sha256)
            {
                await ContentClaims.ReleaseAsync(_tables, sha256, ledger.ShardKey, cancellationToken);
            }

            string? purgedVersion = ledger.BlobVersion;
            ledger.Status = ShardIngestStatus.Purged;
            ledger.RejectsTable = null;
            ledger.Lines = null;
            ledger.ContentSha256 = null;
            ledger.DuplicateOf = null;
            ledger.PurgeProgressAt = null;
            ledger.FinishedAt = _time.GetUtcNow();
            await ledger.SaveAsync(_tables, cancellationToken);
            StorageLog.ShardPurged(_logger, shardName, 0);
            await IngestReuploadAsync(shardName, purgedVersion, cancellationToken);
            return PurgeStep.Done;
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412)
        {
            // Another worker moved the same purge on (a duplicate message): the ledger it wrote says what is left.
            return PurgeStep.MoreToDo;
        }
    }

    /// <summary>Enqueues again every purge whose ledger has not moved for <see cref="StalledAfter"/> (a lost message, a dead worker).</summary>
    public async Task<int> ResumeStalledAsync(CancellationToken cancellationToken)
    {
        if (_queue is null)
        {
            return 0;
        }

        await _tables.EnsureFixedTablesAsync(cancellationToken);
        var before = _time.GetUtcNow() - StalledAfter;
        int resumed = 0;
        string filter = TableClient.CreateQueryFilter($"RowKey eq {ShardLedger.RowKey} and Status eq {nameof(ShardIngestStatus.Purging)}");
        await foreach (var row in _tables.Shards.QueryAsync<TableEntity>(filter, select: ["PartitionKey", "ShardName", "PurgeProgressAt"], cancellationToken: cancellationToken))
        {
            if (row.GetDateTimeOffset("PurgeProgressAt") is not { } progress || progress < before)
            {
                await _queue.EnqueueAsync(row.GetString("ShardName") ?? string.Empty, null, cancellationToken);
                resumed++;
            }
        }

        return resumed;
    }

    /// <summary>Ingestion deferred a new upload of this name while the purge ran: ingest it now (a blob still holding the purged version stays purged).</summary>
    private async Task IngestReuploadAsync(string shardName, string? purgedVersion, CancellationToken cancellationToken)
    {
        if (_blobs is null || _ingestion is null)
        {
            return;
        }

        var blob = _blobs.GetBlobContainerClient(_options.LogsContainer).GetBlobClient(shardName);
        try
        {
            var properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
            if (string.Equals(properties.Value.ETag.ToString(), purgedVersion, StringComparison.Ordinal))
            {
                return;
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            return;
        }

        await _ingestion.IngestAsync(blob, cancellationToken);
    }

    private async Task<ShardLedger?> ReadAsync(string shardName, CancellationToken cancellationToken)
    {
        var ledger = await ShardLedger.ReadAsync(_tables, KeyEncoding.ShardKey(shardName), cancellationToken);
        return ledger is not null && string.Equals(ledger.Name, shardName, StringComparison.Ordinal) ? ledger : null;
    }
}

/// <summary>What a purge step left to do.</summary>
public enum PurgeStep
{
    /// <summary>Purged (or nothing to purge): no further message.</summary>
    Done,

    /// <summary>Hours remain: another step must follow.</summary>
    MoreToDo,

    /// <summary>An ingestion attempt may still be writing: look again after <see cref="ShardPurgeService.WaitForIngestion"/>.</summary>
    WaitingForIngestion,
}
