namespace QwenLogFunctions.Core.Telemetry;

/// <summary>Values of the shard "status" tag on qwenlog.ingest.duration: a closed set, so cardinality stays low.</summary>
public static class ShardStatus
{
    /// <summary>The shard was read and stored.</summary>
    public const string Succeeded = "succeeded";

    /// <summary>The shard was read and stored as far as it goes, but it is cut short or damaged (ledger status Incomplete).</summary>
    public const string Incomplete = "incomplete";

    /// <summary>The shard had been ingested before with the same content; nothing was written.</summary>
    public const string Skipped = "skipped";

    /// <summary>Ingestion failed (it will be retried by the trigger).</summary>
    public const string Failed = "failed";
}
