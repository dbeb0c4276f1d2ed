using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Statistics;
using QwenLogFunctions.Core.Telemetry;
using QwenLogFunctions.Storage.Shards;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Ingestion;

/// <summary>
/// The rows of one shard: a row per accepted request (plus flag-index copies), a row per rejected line, per-hour
/// partial statistics (with GPU busy-time marks) and dirty-hour marks; request rows the row keep rule
/// (QwenLogs__RowSampleRate) does not keep are counted instead of written. <see cref="IngestionService"/> runs the ledger protocol around it
/// (already ingested? processing, succeeded, failed); this class only writes, so a new column or flag is added here.
/// </summary>
internal sealed class ShardWriter
{
    private readonly QwenTables _tables;
    private readonly StorageOptions _options;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly QwenLogInstrumentation? _instrumentation;

    public ShardWriter(QwenTables tables, StorageOptions options, ILogger logger, TimeProvider time, QwenLogInstrumentation? instrumentation)
    {
        _tables = tables;
        _options = options;
        _logger = logger;
        _time = time;
        _instrumentation = instrumentation;
    }

    /// <summary>Rows queued for not-yet-full batches at most (the memory benchmark compares with no bound).</summary>
    public int PendingRowLimit { get; set; } = BatchWriter.DefaultMaxPendingActions;

    /// <summary>
    /// Writes one shard version's rows: removes another version's rows first, then request rows (with flag copies),
    /// reject rows, the per-hour partials and dirty marks, and finally marks the ledger Succeeded (or Incomplete, or
    /// Duplicate when <paramref name="digest"/> shows the same bytes as a shard already counted). The ledger row is
    /// saved whenever an hour is first seen, before any of its rows, so a purge after a crash finds them all.
    /// </summary>
    public async Task<IngestionResult> WriteAsync(ShardLedger ledger, string version, IAsyncEnumerable<ShardEntry> entries, ContentDigest? digest, CancellationToken cancellationToken)
    {
        string shardKey = ledger.ShardKey, shardName = ledger.Name;

        // The tables may hold another version's rows (or a mix, after a conflict): remove them all first.
        if (!string.Equals(ledger.ContentVersion, version, StringComparison.Ordinal))
        {
            if (ledger.Hours.Count > 0 || ledger.RejectsTable is not null)
            {
                StorageLog.ReplacingVersion(_logger, shardName, ledger.ContentVersion, ledger.Hours.Count);
                await ShardDataRemover.RemoveAsync(_tables, shardKey, ledger.Hours, ledger.RejectsTable, _options.MaxBatchesInFlight, cancellationToken);
            }

            // The old content's claim goes with its rows: the tables end as if that version had never been there.
            if (ledger.ContentSha256 is { } previous)
            {
                await ContentClaims.ReleaseAsync(_tables, previous, shardKey, cancellationToken);
                ledger.ContentSha256 = null;
            }

            ledger.Hours.Clear();
            ledger.ContentVersion = version;
            ledger.RejectsTable = _tables.Rejects(TableSchema.MonthKey(_time.GetUtcNow())).Name;
            await ledger.SaveAsync(_tables, cancellationToken);
        }

        var rejects = _tables.Table(ledger.RejectsTable!);
        await _tables.EnsureAsync(rejects, cancellationToken);

        using var writer = new BatchWriter(_tables, _options.MaxBatchesInFlight, cancellationToken, PendingRowLimit);
        var hours = new Dictionary<long, HourState>();
        var rowFilter = new RowKeepRule(_options.RowSampleRate, _options.RowKeepSlowerThanMs);
        long accepted = 0, rejected = 0, blank = 0, rowsNotKept = 0;
        string? shardProblem = null;
        var emptyRuns = new EmptyRunTracker();
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
                    if (emptyRuns.Add(metrics) > hour.MaxEmptyRun)
                    {
                        // The run as it stands at this line: the longest one ending in this hour, with its time span.
                        hour.MaxEmptyRun = emptyRuns.Length;
                        hour.EmptyRunFirstSeconds = emptyRuns.FirstSeconds;
                        hour.EmptyRunLastSeconds = emptyRuns.LastSeconds;
                    }

                    if (!rowFilter.Keeps(record))
                    {
                        hour.RowsNotKept++;
                        rowsNotKept++;
                        break;
                    }

                    string rowKey = KeyEncoding.LineRowKey(shardKey, record.LineNumber, record.RecordIndex);
                    var row = RequestEntities.ToEntity(record, RequestEntities.RequestPartition(hour.Key, shardKey, record.LineNumber), rowKey);
                    await writer.AddAsync(hour.Table!, row);
                    foreach (var flag in FlagNames.NamesOf(metrics.Flags))
                    {
                        await writer.AddAsync(hour.Table!, RequestEntities.CopyTo(row, RequestEntities.FlagPartition(hour.Key, flag)));
                    }

                    break;
                case RejectedEntry rejectedEntry:
                    rejected++;
                    if (rejectedEntry.Rejection.ShardProblem)
                    {
                        shardProblem = rejectedEntry.Rejection.Reason;
                    }

                    await writer.AddAsync(rejects, RequestEntities.RejectEntity(shardKey, shardName, rejectedEntry.LineNumber, rejectedEntry.Rejection.Reason, rejectedEntry.Snippet));
                    break;
                case BlankEntry:
                    blank++;
                    break;
            }
        }

        await writer.FlushAsync();
        var lines = new LineCounts(accepted + rejected + blank, accepted, rejected, blank);

        // Same bytes as a shard already counted: take back what was written before any partial or dirty mark exists,
        // so the aggregates never see it (docs/pipeline.md, "Duplicate content").
        if (digest?.Sha256 is { } sha256 && await DuplicateOfAsync(ledger, sha256, cancellationToken) is { } original)
        {
            StorageLog.DuplicateShard(_logger, shardName, original);
            await ShardDataRemover.RemoveAsync(_tables, shardKey, ledger.Hours, ledger.RejectsTable, _options.MaxBatchesInFlight, cancellationToken);
            ledger.Hours.Clear();
            ledger.Status = ShardIngestStatus.Duplicate;
            ledger.DuplicateOf = original;
            ledger.Lines = lines;
            ledger.FinishedAt = _time.GetUtcNow();
            await ledger.SaveAsync(_tables, cancellationToken);
            return new IngestionResult(shardName, IngestOutcome.Duplicate, lines, [], 0, TimeSpan.Zero) { DuplicateOf = original };
        }

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
                await _tables.WriteAsync(_tables.Partials, ct => _tables.Partials.SubmitTransactionAsync(chunk, ct), cancellationToken);
            }
        }

        await DirtyHours.MarkAsync(_tables, hours.Values.Select(h => h.Key), cancellationToken);

        ledger.Status = shardProblem is null ? ShardIngestStatus.Succeeded : ShardIngestStatus.Incomplete;
        ledger.LastError = shardProblem;
        ledger.Lines = lines;
        ledger.RowsNotKept = rowsNotKept;
        ledger.FinishedAt = _time.GetUtcNow();
        await ledger.SaveAsync(_tables, cancellationToken);
        var hourList = hours.Keys.Order().Select(DateTimeOffset.FromUnixTimeSeconds).ToList();
        return new IngestionResult(shardName, IngestOutcome.Ingested, lines, hourList, writer.Written, TimeSpan.Zero) { ShardProblem = shardProblem, RowsNotKept = rowsNotKept };
    }

    /// <summary>
    /// Records the shard's content hash and, when duplicates are detected, claims the content: null when this shard
    /// counts it, else the name of the shard that already does.
    /// </summary>
    private async Task<string?> DuplicateOfAsync(ShardLedger ledger, string sha256, CancellationToken cancellationToken)
    {
        ledger.ContentSha256 = sha256;
        await ledger.SaveAsync(_tables, cancellationToken);
        return _options.DetectDuplicateShards
            ? await ContentClaims.ClaimAsync(_tables, sha256, ledger.ShardKey, ledger.Name, cancellationToken)
            : null;
    }

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
