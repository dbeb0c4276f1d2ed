namespace QwenLogFunctions.Storage.Aggregation;

/// <summary>One shard's part of an aggregated hour, from its partial header: what the alert rules need per shard.</summary>
/// <param name="Shard">Shard (blob) name.</param>
/// <param name="Requests">The shard's accepted requests in the hour.</param>
/// <param name="LongestEmptyRun">Longest run of consecutive empty responses in the shard (line order) ending in this hour; 0 when none.</param>
/// <param name="EmptyRunFirstAt">Time of the run's first request; null when there is no run (or the shard was ingested before times were kept).</param>
/// <param name="EmptyRunLastAt">Time of the run's last request; null as above.</param>
/// <param name="LastRequestAt">Newest request time of the shard in the hour; null for shards ingested before it was kept.</param>
public sealed record ShardHour(
    string Shard,
    long Requests,
    int LongestEmptyRun,
    DateTimeOffset? EmptyRunFirstAt,
    DateTimeOffset? EmptyRunLastAt,
    DateTimeOffset? LastRequestAt);
