using System.Diagnostics;
using Azure;
using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Statistics;
using QwenLogFunctions.Storage.Shards;
using QwenLogFunctions.Storage.Tables;
using TelemetryShardStatus = QwenLogFunctions.Core.Telemetry.ShardStatus;

namespace QwenLogFunctions.Storage.Ingestion;

/// <summary>
/// Ingests one shard under the ledger protocol (one ledger row per shard: skip a version already ingested, refuse a
/// key collision, mark Processing, then Succeeded or Failed with the error) around <see cref="ShardWriter"/>, which
/// writes the rows: a row per accepted request (plus flag-index copies), a row per rejected line, per-hour partial
/// statistics and dirty-hour marks. Streams the content; writes in transactions of up
/// to 100 rows per partition with several in flight. Idempotent per blob version (see docs/pipeline.md).
/// With a <see cref="Core.Telemetry.QwenLogInstrumentation"/> (the Functions app registers one) each shard is a span and every
/// accepted request and shard outcome is measured; without one (the CLI) nothing is recorded.
/// </summary>
public sealed class IngestionService
{
    private readonly QwenTables _tables;
    private readonly AnalyzerOptions _analyzerOptions;
    private readonly StorageOptions _options;
    private readonly ILogger<IngestionService> _logger;
    private readonly TimeProvider _time;
    private readonly Core.Telemetry.QwenLogInstrumentation? _instrumentation;
    private readonly ShardWriter _writer;

    /// <summary>Creates the service.</summary>
    /// <param name="tables">The pipeline's tables.</param>
    /// <param name="analyzerOptions">Parser and rule settings.</param>
    /// <param name="options">Storage settings.</param>
    /// <param name="logger">Logger.</param>
    /// <param name="time">Clock for ledger times; the system clock when null.</param>
    /// <param name="instrumentation">Metrics and spans; null records nothing (the CLI runs without telemetry).</param>
    public IngestionService(
        QwenTables tables,
        AnalyzerOptions analyzerOptions,
        IOptions<StorageOptions> options,
        ILogger<IngestionService> logger,
        TimeProvider? time = null,
        Core.Telemetry.QwenLogInstrumentation? instrumentation = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tables = tables;
        _analyzerOptions = analyzerOptions;
        _options = options.Value;
        _logger = logger;
        _time = time ?? TimeProvider.System;
        _instrumentation = instrumentation;
        _writer = new ShardWriter(tables, _options, logger, _time, instrumentation);
    }

    /// <summary>Rows queued for not-yet-full batches at most (the memory benchmark compares with no bound).</summary>
    internal int PendingRowLimit { get => _writer.PendingRowLimit; set => _writer.PendingRowLimit = value; }

    /// <summary>
    /// Ingests a blob, streaming it, whatever its name (which names are shards is the caller's rule). The read is pinned to the ETag seen at the start, so a blob overwritten
    /// mid-read fails this attempt (the retry, or the new upload's own trigger, reads the new content).
    /// </summary>
    /// <param name="blob">The blob.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="force">Re-ingest even if the ledger says this version already succeeded.</param>
    public async Task<IngestionResult> IngestAsync(BlobClient blob, CancellationToken cancellationToken, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(blob);
        BlobProperties properties = await blob.GetPropertiesAsync(cancellationToken: cancellationToken);
        var source = new ShardVersion(
            properties.ETag.ToString(),
            properties.ContentHash is { Length: > 0 } md5 ? Convert.ToBase64String(md5) : null,
            properties.ContentLength);
        return await IngestCoreAsync(blob.Name, source, force, async ct =>
        {
            var stream = await blob.OpenReadAsync(
                new BlobOpenReadOptions(allowModifications: false) { Conditions = new BlobRequestConditions { IfMatch = properties.ETag } }, ct);
            return stream;
        }, cancellationToken);
    }

    /// <summary>Ingests content from a stream (the CLI's files, tests). <paramref name="version"/> identifies the content: a different value replaces the earlier contribution.</summary>
    public Task<IngestionResult> IngestAsync(Stream content, string shardName, string version, CancellationToken cancellationToken, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentException.ThrowIfNullOrEmpty(shardName);
        ArgumentException.ThrowIfNullOrEmpty(version);
        long? length = content.CanSeek ? content.Length : null;
        return IngestCoreAsync(shardName, new ShardVersion(version, null, length), force, _ => Task.FromResult(content), cancellationToken);
    }

    /// <summary>Ingests already-read entries (tests and benchmarks that build records by hand).</summary>
    internal Task<IngestionResult> IngestEntriesAsync(string shardName, string version, IAsyncEnumerable<ShardEntry> entries, CancellationToken cancellationToken, bool force = false) =>
        IngestCoreAsync(shardName, new ShardVersion(version, null, null), force, entries, null, cancellationToken);

    private Task<IngestionResult> IngestCoreAsync(string shardName, ShardVersion version, bool force, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken)
    {
        var digest = new ContentDigest();
        return IngestCoreAsync(shardName, version, force, ReadAsync(shardName, open, digest, cancellationToken), digest, cancellationToken);
    }

    private async IAsyncEnumerable<ShardEntry> ReadAsync(string shardName, Func<CancellationToken, Task<Stream>> open, ContentDigest digest, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        // The digest is of the bytes as stored; a single-document (.json) shard is then read as one line.
        var content = await open(cancellationToken);
        await using (content)
        {
            var stream = new HashingReadStream(content);
            var reader = new DetailedShardReader(_analyzerOptions);
            await foreach (var entry in reader.ReadAsync(Core.Parsing.Dialects.SingleDocumentStream.ForShard(stream, shardName), shardName, cancellationToken))
            {
                yield return entry;
            }

            digest.Sha256 = await stream.FinishAsync(cancellationToken);
        }
    }

    private async Task<IngestionResult> IngestCoreAsync(string shardName, ShardVersion version, bool force, IAsyncEnumerable<ShardEntry> entries, ContentDigest? digest, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using var activity = _instrumentation?.StartShardActivity(shardName);
        try
        {
            var result = await IngestMeasuredAsync(shardName, version, force, entries, digest, stopwatch, cancellationToken);
            string status = result.Outcome != IngestOutcome.Ingested ? TelemetryShardStatus.Skipped
                : result.ShardProblem is null ? TelemetryShardStatus.Succeeded : TelemetryShardStatus.Incomplete;
            activity?.SetTag(ShardStatusTag, status);
            activity?.SetTag("qwenlog.lines.accepted", result.Lines.Accepted);
            activity?.SetTag("qwenlog.lines.rejected", result.Lines.Rejected);

            // An already-ingested version was counted when it was ingested: only its duration is recorded again.
            bool counted = result.Outcome == IngestOutcome.Ingested;
            _instrumentation?.RecordShard(counted ? result.Lines.Accepted : 0, counted ? result.Lines.Rejected : 0, stopwatch.Elapsed, status);
            return result;
        }
        catch (Exception ex)
        {
            activity?.SetTag(ShardStatusTag, TelemetryShardStatus.Failed);
            activity?.SetStatus(ActivityStatusCode.Error, ex.GetType().Name);
            _instrumentation?.RecordShard(0, 0, stopwatch.Elapsed, TelemetryShardStatus.Failed);
            throw;
        }
    }

    private async Task<IngestionResult> IngestMeasuredAsync(string shardName, ShardVersion version, bool force, IAsyncEnumerable<ShardEntry> entries, ContentDigest? digest, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        await _tables.EnsureFixedTablesAsync(cancellationToken);
        string shardKey = KeyEncoding.ShardKey(shardName);
        var ledger = await ShardLedger.ReadAsync(_tables, shardKey, cancellationToken);
        if (ledger is not null && !string.Equals(ledger.Name, shardName, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Shard key {shardKey} of '{shardName}' is already used by '{ledger.Name}' (an 80-bit hash collision). Rename one of the blobs.");
        }

        if (ledger is { Status: ShardIngestStatus.Purging })
        {
            // Rows of this name are being removed; writing new ones now could lose them to the purge. The purge ingests
            // the blob's new version when it ends (docs/pipeline.md, "Purge"); the CLI says to run ingest again.
            StorageLog.DeferredByPurge(_logger, shardName);
            return new IngestionResult(shardName, IngestOutcome.DeferredByPurge, new LineCounts(0, 0, 0, 0), [], 0, stopwatch.Elapsed);
        }

        // A purged version stays purged (docs/pipeline.md, "Purge"): the purge leaves the blob in place, and a late or
        // repeated trigger for it (at least once) brought all its rows back after the purge had finished. Reconcile
        // already left such a blob alone; a new upload of the name is another version and is ingested.
        if (!force && ledger is { Status: ShardIngestStatus.Purged } && string.Equals(ledger.BlobVersion, version.Version, StringComparison.Ordinal))
        {
            StorageLog.StaysPurged(_logger, shardName, version.Version);
            return new IngestionResult(shardName, IngestOutcome.Purged, new LineCounts(0, 0, 0, 0), [], 0, stopwatch.Elapsed);
        }

        // An incomplete shard is finished too: reading the same bytes again would stop at the same place.
        if (!force && ledger is { Status: ShardIngestStatus.Succeeded or ShardIngestStatus.Incomplete or ShardIngestStatus.Duplicate }
            && string.Equals(ledger.BlobVersion, version.Version, StringComparison.Ordinal)
            && string.Equals(ledger.ContentVersion, version.Version, StringComparison.Ordinal))
        {
            StorageLog.AlreadyIngested(_logger, shardName, version.Version);
            return new IngestionResult(shardName, ledger.Status == ShardIngestStatus.Duplicate ? IngestOutcome.Duplicate : IngestOutcome.AlreadyIngested,
                ledger.Lines ?? new LineCounts(0, 0, 0, 0), [.. ledger.Hours.Select(KeyEncoding.ParseHourKey)], 0, stopwatch.Elapsed)
            {
                ShardProblem = ledger.Status == ShardIngestStatus.Incomplete ? ledger.LastError : null,
                DuplicateOf = ledger.DuplicateOf,
            };
        }

        ledger ??= new ShardLedger { ShardKey = shardKey, Name = shardName };
        ledger.Status = ShardIngestStatus.Processing;
        ledger.Attempts++;
        ledger.BlobVersion = version.Version;
        ledger.ContentMd5 = version.ContentMd5;
        ledger.ContentLength = version.ContentLength;
        ledger.StartedAt = _time.GetUtcNow();
        ledger.FinishedAt = null;
        ledger.LastError = null;
        ledger.DuplicateOf = null;
        await ledger.SaveAsync(_tables, cancellationToken);

        try
        {
            var result = await _writer.WriteAsync(ledger, version.Version, entries, digest, cancellationToken);
            StorageLog.Ingested(_logger, shardName, result.Lines.Accepted, result.Lines.Rejected, result.Lines.Blank, result.RowsWritten, stopwatch.ElapsedMilliseconds);
            return result with { Elapsed = stopwatch.Elapsed };
        }
        catch (Exception ex)
        {
            StorageLog.IngestFailed(_logger, ex, shardName, ledger.Attempts);
            await RecordFailureAsync(shardKey, shardName, ex);
            throw;
        }
    }

    private async Task RecordFailureAsync(string shardKey, string shardName, Exception exception)
    {
        try
        {
            // Read afresh: another attempt may have written the row since. After a conflict the tables may hold a mix
            // of two attempts' rows, so clearing ContentVersion makes the next attempt purge before writing.
            var current = await ShardLedger.ReadAsync(_tables, shardKey, CancellationToken.None);
            if (current is null)
            {
                return;
            }

            // A purge accepted during this attempt stays in charge; it only needs to know the attempt has stopped.
            current.Status = current.Status == ShardIngestStatus.Purging ? ShardIngestStatus.Purging : ShardIngestStatus.Failed;
            current.FinishedAt = _time.GetUtcNow();
            current.LastError = $"{exception.GetType().Name}: {exception.Message}";
            if (exception is RequestFailedException { Status: 409 or 412 })
            {
                current.ContentVersion = string.Empty;
            }

            await _tables.Shards.UpdateEntityAsync(current.ToEntity(), ETag.All, TableUpdateMode.Replace, CancellationToken.None);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Whatever stops the ledger update (storage, or an error text the store cannot take), the caller must see
            // the original failure, not this one: log it and let the original exception propagate.
            StorageLog.LedgerFailureNotRecorded(_logger, ex, shardName);
        }
    }

    /// <summary>Records in the ledger that a blob or file was not ingested because its name is not a shard's.</summary>
    public async Task<IngestionResult> RecordSkippedAsync(string name, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using var activity = _instrumentation?.StartShardActivity(name);
        activity?.SetTag(ShardStatusTag, TelemetryShardStatus.Skipped);
        StorageLog.SkippedName(_logger, name);
        await _tables.EnsureFixedTablesAsync(cancellationToken);
        var ledger = new ShardLedger
        {
            ShardKey = KeyEncoding.ShardKey(name),
            Name = name,
            Status = ShardIngestStatus.Skipped,
            StartedAt = _time.GetUtcNow(),
            FinishedAt = _time.GetUtcNow(),
        };
        await _tables.Shards.UpsertEntityAsync(ledger.ToEntity(), TableUpdateMode.Replace, cancellationToken);
        _instrumentation?.RecordShard(0, 0, stopwatch.Elapsed, TelemetryShardStatus.Skipped);
        return new IngestionResult(name, IngestOutcome.Skipped, new LineCounts(0, 0, 0, 0), [], 0, TimeSpan.Zero);
    }

    private const string ShardStatusTag = "qwenlog.shard.status";

    private sealed record ShardVersion(string Version, string? ContentMd5, long? ContentLength);
}
