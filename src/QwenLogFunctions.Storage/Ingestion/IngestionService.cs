using System.Diagnostics;
using System.Globalization;
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
/// Turns one shard into table rows: a row per accepted request (plus flag-index copies), a row per rejected line,
/// per-hour partial statistics, dirty-hour marks and the ledger. Streams the content; writes in transactions of up
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
    }

    /// <summary>Whether a blob or file name is a shard we ingest (.jsonl or .jsonl.gz, any case).</summary>
    public static bool IsShardName(string name) =>
        name.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>
    /// Ingests a blob, streaming it. The read is pinned to the ETag seen at the start, so a blob overwritten
    /// mid-read fails this attempt (the retry, or the new upload's own trigger, reads the new content).
    /// </summary>
    /// <param name="blob">The blob.</param>
    /// <param name="cancellationToken">Cancels the work.</param>
    /// <param name="force">Re-ingest even if the ledger says this version already succeeded.</param>
    public async Task<IngestionResult> IngestAsync(BlobClient blob, CancellationToken cancellationToken, bool force = false)
    {
        ArgumentNullException.ThrowIfNull(blob);
        if (!IsShardName(blob.Name))
        {
            return await SkipAsync(blob.Name, cancellationToken);
        }

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
        if (!IsShardName(shardName))
        {
            return SkipAsync(shardName, cancellationToken);
        }

        long? length = content.CanSeek ? content.Length : null;
        return IngestCoreAsync(shardName, new ShardVersion(version, null, length), force, _ => Task.FromResult(content), cancellationToken);
    }

    /// <summary>Ingests already-read entries (tests and benchmarks that build records by hand).</summary>
    internal Task<IngestionResult> IngestEntriesAsync(string shardName, string version, IAsyncEnumerable<ShardEntry> entries, CancellationToken cancellationToken, bool force = false) =>
        IngestCoreAsync(shardName, new ShardVersion(version, null, null), force, entries, cancellationToken);

    private Task<IngestionResult> IngestCoreAsync(string shardName, ShardVersion version, bool force, Func<CancellationToken, Task<Stream>> open, CancellationToken cancellationToken) =>
        IngestCoreAsync(shardName, version, force, ReadAsync(shardName, open, cancellationToken), cancellationToken);

    private async IAsyncEnumerable<ShardEntry> ReadAsync(string shardName, Func<CancellationToken, Task<Stream>> open, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        var stream = await open(cancellationToken);
        await using (stream)
        {
            var reader = new DetailedShardReader(_analyzerOptions);
            await foreach (var entry in reader.ReadAsync(stream, shardName, cancellationToken))
            {
                yield return entry;
            }
        }
    }

    private async Task<IngestionResult> IngestCoreAsync(string shardName, ShardVersion version, bool force, IAsyncEnumerable<ShardEntry> entries, CancellationToken cancellationToken)
    {
        var stopwatch = Stopwatch.StartNew();
        using var activity = _instrumentation?.StartShardActivity(shardName);
        try
        {
            var result = await IngestMeasuredAsync(shardName, version, force, entries, stopwatch, cancellationToken);
            string status = result.Outcome == IngestOutcome.Ingested ? TelemetryShardStatus.Succeeded : TelemetryShardStatus.Skipped;
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

    private async Task<IngestionResult> IngestMeasuredAsync(string shardName, ShardVersion version, bool force, IAsyncEnumerable<ShardEntry> entries, Stopwatch stopwatch, CancellationToken cancellationToken)
    {
        await _tables.EnsureFixedTablesAsync(cancellationToken);
        string shardKey = KeyEncoding.ShardKey(shardName);
        var ledger = await ShardLedger.ReadAsync(_tables, shardKey, cancellationToken);
        if (ledger is not null && !string.Equals(ledger.Name, shardName, StringComparison.Ordinal))
        {
            throw new InvalidOperationException(
                $"Shard key {shardKey} of '{shardName}' is already used by '{ledger.Name}' (an 80-bit hash collision). Rename one of the blobs.");
        }

        if (!force && ledger is { Status: ShardIngestStatus.Succeeded } && string.Equals(ledger.BlobVersion, version.Version, StringComparison.Ordinal)
            && string.Equals(ledger.ContentVersion, version.Version, StringComparison.Ordinal))
        {
            StorageLog.AlreadyIngested(_logger, shardName, version.Version);
            return new IngestionResult(shardName, IngestOutcome.AlreadyIngested, ledger.Lines ?? new LineCounts(0, 0, 0, 0),
                [.. ledger.Hours.Select(KeyEncoding.ParseHourKey)], 0, stopwatch.Elapsed);
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
        await ledger.SaveAsync(_tables, cancellationToken);

        try
        {
            var result = await WriteShardAsync(ledger, version, entries, cancellationToken);
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

    private async Task<IngestionResult> WriteShardAsync(ShardLedger ledger, ShardVersion version, IAsyncEnumerable<ShardEntry> entries, CancellationToken cancellationToken)
    {
        string shardKey = ledger.ShardKey, shardName = ledger.Name;

        // The tables may hold another version's rows (or a mix, after a conflict): remove them all first.
        if (!string.Equals(ledger.ContentVersion, version.Version, StringComparison.Ordinal))
        {
            if (ledger.Hours.Count > 0 || ledger.RejectsTable is not null)
            {
                StorageLog.ReplacingVersion(_logger, shardName, ledger.ContentVersion, ledger.Hours.Count);
                await ShardDataRemover.RemoveAsync(_tables, shardKey, ledger.Hours, ledger.RejectsTable, _options.MaxBatchesInFlight, cancellationToken);
            }

            ledger.Hours.Clear();
            ledger.ContentVersion = version.Version;
            ledger.RejectsTable = _tables.Rejects(_time.GetUtcNow().UtcDateTime.ToString("yyyyMM", CultureInfo.InvariantCulture)).Name;
            await ledger.SaveAsync(_tables, cancellationToken);
        }

        var rejects = _tables.Table(ledger.RejectsTable!);
        await _tables.EnsureAsync(rejects, cancellationToken);

        using var writer = new BatchWriter(_options.MaxBatchesInFlight, cancellationToken);
        var hours = new Dictionary<long, HourState>();
        var rowFilter = new RowKeepRule(_options.RowSampleRate, _options.RowKeepSlowerThanMs);
        long accepted = 0, rejected = 0, blank = 0, rowsNotKept = 0;
        int emptyRun = 0;
        long emptyRunStart = 0;
        await foreach (var entry in entries.WithCancellation(cancellationToken))
        {
            switch (entry)
            {
                case AcceptedEntry { Record: var record }:
                    accepted++;
                    var metrics = record.Metrics;
                    long hourStart = metrics.HourStartSeconds;
                    if (!hours.TryGetValue(hourStart, out var hour))
                    {
                        hour = new HourState(KeyEncoding.HourKey(hourStart), _options.LineTimestamp == LineTimestamp.Start);
                        hours[hourStart] = hour;
                        hour.Table = _tables.Requests(KeyEncoding.MonthOf(hour.Key));
                        await _tables.EnsureAsync(hour.Table, cancellationToken);

                        // Record the hour before writing any of its rows, so a later purge finds them even if we die now.
                        if (ledger.Hours.Add(hour.Key))
                        {
                            await ledger.SaveAsync(_tables, cancellationToken);
                        }
                    }

                    hour.Add(metrics);
                    _instrumentation?.RecordRequest(metrics);
                    if ((metrics.Flags & RequestFlags.EmptyResponse) != 0)
                    {
                        emptyRunStart = emptyRun == 0 ? metrics.TimestampSeconds : emptyRunStart;
                        emptyRun++;
                        if (emptyRun > hour.MaxEmptyRun)
                        {
                            // The run as it stands at this line: the longest one ending in this hour, with its time span.
                            hour.MaxEmptyRun = emptyRun;
                            hour.EmptyRunFirstSeconds = emptyRunStart;
                            hour.EmptyRunLastSeconds = metrics.TimestampSeconds;
                        }
                    }
                    else
                    {
                        emptyRun = 0;
                    }

                    if (!rowFilter.Keeps(record))
                    {
                        hour.RowsNotKept++;
                        rowsNotKept++;
                        break;
                    }

                    string rowKey = KeyEncoding.LineRowKey(shardKey, record.LineNumber);
                    var row = RequestEntities.ToEntity(record, RequestEntities.RequestPartition(hour.Key, shardKey, record.LineNumber), rowKey);
                    await writer.AddAsync(hour.Table!, row);
                    foreach (var flag in FlagNames.NamesOf(metrics.Flags))
                    {
                        await writer.AddAsync(hour.Table!, RequestEntities.CopyTo(row, RequestEntities.FlagPartition(hour.Key, flag)));
                    }

                    break;
                case RejectedEntry rejectedEntry:
                    rejected++;
                    await writer.AddAsync(rejects, RequestEntities.RejectEntity(shardKey, shardName, rejectedEntry.LineNumber, rejectedEntry.Rejection.Reason, rejectedEntry.Snippet));
                    break;
                case BlankEntry:
                    blank++;
                    break;
            }
        }

        await writer.FlushAsync();

        // Partials replace this shard's earlier partials for the same version (same keys), never add to them.
        foreach (var hour in hours.Values)
        {
            var actions = new List<TableTransactionAction>
            {
                new(TableTransactionActionType.UpsertReplace, PartialEntities.Header(hour.Key, shardKey, shardName, hour.Requests, hour.MaxEmptyRun,
                    hour.EmptyRunFirstSeconds, hour.EmptyRunLastSeconds, hour.LastRequestSeconds, hour.RowsNotKept)),
            };
            actions.AddRange(hour.Combinations.Select(pair => new TableTransactionAction(
                TableTransactionActionType.UpsertReplace, PartialEntities.Combination(hour.Key, shardKey, pair.Key.Model, pair.Key.Device, pair.Value))));
            foreach (var chunk in actions.Chunk(BatchWriter.MaxBatchSize))
            {
                await _tables.Partials.SubmitTransactionAsync(chunk, cancellationToken);
            }
        }

        await DirtyHours.MarkAsync(_tables, hours.Values.Select(h => h.Key), cancellationToken);

        var lines = new LineCounts(accepted + rejected + blank, accepted, rejected, blank);
        ledger.Status = ShardIngestStatus.Succeeded;
        ledger.Lines = lines;
        ledger.RowsNotKept = rowsNotKept;
        ledger.FinishedAt = _time.GetUtcNow();
        await ledger.SaveAsync(_tables, cancellationToken);
        var hourList = hours.Keys.Order().Select(DateTimeOffset.FromUnixTimeSeconds).ToList();
        return new IngestionResult(shardName, IngestOutcome.Ingested, lines, hourList, writer.Written, TimeSpan.Zero) { RowsNotKept = rowsNotKept };
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

            current.Status = ShardIngestStatus.Failed;
            current.FinishedAt = _time.GetUtcNow();
            current.LastError = $"{exception.GetType().Name}: {exception.Message}";
            if (exception is RequestFailedException { Status: 409 or 412 })
            {
                current.ContentVersion = string.Empty;
            }

            await _tables.Shards.UpdateEntityAsync(current.ToEntity(), ETag.All, TableUpdateMode.Replace, CancellationToken.None);
        }
        catch (RequestFailedException ex)
        {
            StorageLog.LedgerFailureNotRecorded(_logger, ex, shardName);
        }
    }

    private async Task<IngestionResult> SkipAsync(string name, CancellationToken cancellationToken)
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

    private sealed class HourState(string key, bool stampedAtStart)
    {
        public string Key { get; } = key;

        public TableClient? Table { get; set; }

        public long Requests { get; private set; }

        public int MaxEmptyRun { get; set; }

        public long RowsNotKept { get; set; }

        public long EmptyRunFirstSeconds { get; set; }

        public long EmptyRunLastSeconds { get; set; }

        public long LastRequestSeconds { get; private set; } = long.MinValue;

        public Dictionary<(string Model, string Device), StatisticsAccumulator> Combinations { get; } = [];

        public void Add(in RequestMetrics metrics)
        {
            Requests++;
            LastRequestSeconds = Math.Max(LastRequestSeconds, metrics.TimestampSeconds);
            var key = (metrics.Model, metrics.Device);
            if (!Combinations.TryGetValue(key, out var statistics))
            {
                statistics = new StatisticsAccumulator();
                Combinations[key] = statistics;
            }

            statistics.Add(metrics);
            statistics.MarkServing(metrics, stampedAtStart);
        }
    }
}
