using Microsoft.Extensions.Logging;

namespace QwenLogFunctions.Storage;

/// <summary>Source-generated log messages of the storage layer.</summary>
internal static partial class StorageLog
{
    [LoggerMessage(1, LogLevel.Information, "Skipping blob {Shard}: only .jsonl and .jsonl.gz are ingested")]
    public static partial void SkippedName(ILogger logger, string shard);

    [LoggerMessage(2, LogLevel.Information, "Shard {Shard} version {Version} is already ingested; nothing to do")]
    public static partial void AlreadyIngested(ILogger logger, string shard, string version);

    [LoggerMessage(3, LogLevel.Information, "Shard {Shard}: replacing the contribution of version {OldVersion} ({Hours} hours)")]
    public static partial void ReplacingVersion(ILogger logger, string shard, string oldVersion, int hours);

    [LoggerMessage(4, LogLevel.Information, "Shard {Shard} ingested: {Accepted} accepted, {Rejected} rejected, {Blank} blank lines, {Rows} rows in {ElapsedMs} ms")]
    public static partial void Ingested(ILogger logger, string shard, long accepted, long rejected, long blank, long rows, long elapsedMs);

    [LoggerMessage(5, LogLevel.Error, "Shard {Shard} failed on attempt {Attempt}")]
    public static partial void IngestFailed(ILogger logger, Exception exception, string shard, int attempt);

    [LoggerMessage(6, LogLevel.Warning, "Could not record the failure of shard {Shard} in the ledger")]
    public static partial void LedgerFailureNotRecorded(ILogger logger, Exception exception, string shard);

    [LoggerMessage(7, LogLevel.Information, "Aggregated hour {Hour}: {Requests} requests from {Shards} shards")]
    public static partial void HourAggregated(ILogger logger, string hour, long requests, int shards);

    [LoggerMessage(8, LogLevel.Information, "Hour {Hour} changed again while being aggregated; it stays dirty for the next run")]
    public static partial void HourStillDirty(ILogger logger, string hour);

    [LoggerMessage(9, LogLevel.Information, "Retention dropped table {Table}")]
    public static partial void TableDropped(ILogger logger, string table);

    [LoggerMessage(10, LogLevel.Information, "Purged shard {Shard} ({Hours} hours)")]
    public static partial void ShardPurged(ILogger logger, string shard, int hours);

    [LoggerMessage(14, LogLevel.Information, "Aggregation run: {Hours} hours merged, {StillDirty} left for the next run, in {ElapsedMs} ms")]
    public static partial void AggregationRun(ILogger logger, int hours, int stillDirty, long elapsedMs);

    [LoggerMessage(15, LogLevel.Information, "Storage ready: container {Container} and the pipeline's tables exist")]
    public static partial void StorageReady(ILogger logger, string container);

    [LoggerMessage(16, LogLevel.Warning, "Could not create container {Container} and the pipeline's tables at start-up; they are created on first use")]
    public static partial void StorageNotReady(ILogger logger, Exception exception, string container);

    [LoggerMessage(17, LogLevel.Information, "Shard {Shard} has the same content as {Original}: recorded as its duplicate, nothing counted")]
    public static partial void DuplicateShard(ILogger logger, string shard, string original);

    [LoggerMessage(18, LogLevel.Information, "Purge of shard {Shard} accepted; it runs in the background")]
    public static partial void PurgeAccepted(ILogger logger, string shard);

    [LoggerMessage(19, LogLevel.Information, "Shard {Shard} is being purged: ingestion deferred until the purge ends")]
    public static partial void DeferredByPurge(ILogger logger, string shard);

    [LoggerMessage(20, LogLevel.Information, "Shard {Shard} version {Version} was purged: not ingested again")]
    public static partial void StaysPurged(ILogger logger, string shard, string version);
}
