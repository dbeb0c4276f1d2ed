namespace QwenLogFunctions.Storage.Shards;

/// <summary>Where a shard stands in the ledger.</summary>
public enum ShardIngestStatus
{
    /// <summary>An attempt is running (or died without recording its end: a retry will follow).</summary>
    Processing,

    /// <summary>All rows, rejects and partial statistics of the recorded version are stored.</summary>
    Succeeded,

    /// <summary>
    /// Read to where it could be read and stored like a succeeded shard, but the shard itself is cut short (gzip
    /// without its trailer, a last line without newline that does not parse), fails its gzip CRC-32 or length check,
    /// has damaged compressed data, or is UTF-16. <see cref="ShardStatus.LastError"/> says what; the one shard-level
    /// rejection is among the rejects. Not retried: the same bytes give the same result; upload the shard again.
    /// </summary>
    Incomplete,

    /// <summary>The last attempt failed; <see cref="ShardStatus.LastError"/> says why. The host retries up to 5 times, then poisons the blob.</summary>
    Failed,

    /// <summary>Not a .jsonl or .jsonl.gz blob: ignored.</summary>
    Skipped,

    /// <summary>Its contribution was removed on request.</summary>
    Purged,

    /// <summary>
    /// Its bytes equal those of a shard ingested before (<see cref="ShardStatus.DuplicateOf"/>): it adds nothing, so the
    /// same content under two names is counted once (setting QwenLogs__DetectDuplicateShards, default true).
    /// </summary>
    Duplicate,

    /// <summary>A purge was accepted and runs in the background; the ledger says Purged when it is done.</summary>
    Purging,
}
