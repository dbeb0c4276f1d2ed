namespace QwenLogFunctions.Storage.Ingestion;

/// <summary>What an ingestion call did.</summary>
public enum IngestOutcome
{
    /// <summary>The shard was read and its rows, rejects and partials written (replacing any earlier version's).</summary>
    Ingested,

    /// <summary>This exact version was already ingested successfully; nothing was written.</summary>
    AlreadyIngested,

    /// <summary>The content equals an already-ingested shard's: read, recorded as Duplicate in the ledger, nothing kept.</summary>
    Duplicate,

    /// <summary>A purge of this name is running: nothing read. The purge ingests the blob's new version when it ends.</summary>
    DeferredByPurge,

    /// <summary>Not a .jsonl or .jsonl.gz name: ignored and recorded as Skipped in the ledger.</summary>
    Skipped,

    /// <summary>This exact version was purged: nothing read, nothing written (a forced ingest brings it back).</summary>
    Purged,
}
