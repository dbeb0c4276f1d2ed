using System.Diagnostics;
using Azure;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Telemetry;
using QwenLogFunctions.Storage;
using QwenLogFunctions.Storage.Ingestion;
using QwenLogFunctions.Storage.Shards;
using TelemetryShardStatus = QwenLogFunctions.Core.Telemetry.ShardStatus;

namespace QwenLogFunctions.Pipeline.Ingestion;

/// <summary>
/// Catches up on shards the blob trigger missed (a container scan that skipped a blob, a dropped Event Grid event, a
/// host that was down): lists the logs container, compares each shard blob's current ETag with the shard ledger
/// (both read through <see cref="ShardInventory"/>), and ingests through <see cref="ShardIngestion"/> every blob whose
/// current version is not recorded as succeeded, skipped or purged (nor being processed by a recent attempt, nor
/// failed as often as the poison threshold). At most <see cref="StorageOptions.ReconcileMaxBlobsPerRun"/> blobs per
/// run; the rest wait for the next run.
/// Safe beside the blob trigger: ingestion is idempotent per blob version and the ledger is written with ETags, so a
/// trigger and Reconcile on the same blob at once leave the same data as one of them alone (one may fail with a
/// conflict and is retried by its own mechanism).
/// </summary>
public sealed class Reconciliation
{
    /// <summary>
    /// Failed attempts on one blob version after which Reconcile leaves it alone: the blob trigger has then moved it
    /// to the poison queue (host.json poisonBlobThreshold is 5), and retrying it every run would only repeat the
    /// failure. Uploading the blob again gives it a new version, which is ingested.
    /// </summary>
    public const int MaxFailedAttempts = 5;

    /// <summary>
    /// How long an attempt recorded as processing the current version is left to finish (host.json functionTimeout):
    /// starting a second ingestion beside a running one makes both fail on the ledger's ETag, and for a shard that
    /// takes longer than the Reconcile period that would repeat every run. An attempt that died is retried by the
    /// blob trigger itself, and by Reconcile once this time has passed.
    /// </summary>
    public static readonly TimeSpan ProcessingTimeout = TimeSpan.FromMinutes(30);

    private readonly ShardInventory _inventory;
    private readonly ShardIngestion _ingestion;
    private readonly StorageOptions _options;
    private readonly ILogger<Reconciliation> _logger;
    private readonly QwenLogInstrumentation? _instrumentation;
    private readonly TimeProvider _time;

    /// <summary>Creates the use case.</summary>
    public Reconciliation(
        ShardInventory inventory,
        ShardIngestion ingestion,
        IOptions<StorageOptions> options,
        ILogger<Reconciliation> logger,
        QwenLogInstrumentation? instrumentation = null,
        TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _inventory = inventory;
        _ingestion = ingestion;
        _options = options.Value;
        _logger = logger;
        _instrumentation = instrumentation;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>One run: lists the container and the ledger, ingests what is behind.</summary>
    public async Task<ReconcileResult> ReconcileAsync(CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        await _inventory.EnsureCreatedAsync(cancellationToken);
        var ledger = await _inventory.ReadLedgerAsync(cancellationToken);

        int listed = 0, caughtUp = 0, failed = 0;
        bool more = false;
        await foreach (var blob in _inventory.ListUploadsAsync(cancellationToken))
        {
            if (!ShardNameRule.IsShardName(blob.Name))
            {
                continue;
            }

            if (ledger.TryGetValue(blob.Name, out var entry) && IsSettled(entry, blob.Version, _time.GetUtcNow()))
            {
                listed++;
                continue;
            }

            if (caughtUp + failed >= _options.ReconcileMaxBlobsPerRun)
            {
                more = true;
                break;
            }

            listed++;

            try
            {
                var result = await _ingestion.IngestAsync(_inventory.GetUpload(blob.Name), cancellationToken);
                caughtUp++;
                PipelineLog.ReconciledShard(_logger, blob.Name, result.Outcome.ToString(), result.Lines.Accepted, result.Lines.Rejected);
                _instrumentation?.RecordReconciled(result.Outcome == IngestOutcome.Ingested ? TelemetryShardStatus.Succeeded : TelemetryShardStatus.Skipped);
            }
            catch (Exception ex) when (ex is RequestFailedException or InvalidOperationException or IOException)
            {
                // The ledger holds the reason (IngestionService records it); the next run, or the blob trigger, tries again.
                failed++;
                PipelineLog.ReconcileFailed(_logger, ex, blob.Name);
                _instrumentation?.RecordReconciled(TelemetryShardStatus.Failed);
            }
        }

        PipelineLog.Reconciled(_logger, listed, caughtUp, failed, more, stopwatch.ElapsedMilliseconds);
        return new ReconcileResult(listed, caughtUp, failed, more);
    }

    /// <summary>Whether the ledger's record of a blob means there is nothing to do for its current version.</summary>
    private static bool IsSettled(LedgerVersion entry, string version, DateTimeOffset now)
    {
        // A listing gives the ETag without the quotes that a blob's properties (what the ledger records) have.
        if (!string.Equals(entry.BlobVersion?.Trim('"'), version.Trim('"'), StringComparison.Ordinal))
        {
            return false;
        }

        return entry.Status switch
        {
            // Incomplete is settled too: the same bytes would be cut at the same place again; a re-upload is a new version.
            ShardIngestStatus.Succeeded or ShardIngestStatus.Incomplete or ShardIngestStatus.Skipped or ShardIngestStatus.Purged => true,
            ShardIngestStatus.Failed => entry.Attempts >= MaxFailedAttempts,
            ShardIngestStatus.Processing => entry.StartedAt is { } started && now - started < ProcessingTimeout,
            _ => false,
        };
    }
}

/// <summary>What one Reconcile run did.</summary>
/// <param name="Listed">Shard blobs in the container looked at (all of them unless the run stopped at its limit).</param>
/// <param name="CaughtUp">Blobs ingested (or found already done) because the ledger did not record their current version.</param>
/// <param name="Failed">Blobs whose ingestion failed this run.</param>
/// <param name="MoreToDo">The run stopped at its limit; the next run goes on.</param>
public sealed record ReconcileResult(int Listed, int CaughtUp, int Failed, bool MoreToDo);
