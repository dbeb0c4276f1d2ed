using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Storage.Aggregation;

/// <summary>The merged figures of one UTC hour after aggregation: what the alert engine evaluates.</summary>
/// <param name="Hour">Start of the hour (UTC).</param>
/// <param name="Overall">All requests of the hour (every model and device).</param>
/// <param name="ByModel">The hour per model name.</param>
/// <param name="MaxConsecutiveEmptyResponses">Longest run of consecutive empty responses within one shard, in line order, ending in this hour.</param>
/// <param name="Shards">Names of the shards with requests in the hour.</param>
public sealed record HourAggregate(
    DateTimeOffset Hour,
    HourlyStatistics Overall,
    IReadOnlyDictionary<string, HourlyStatistics> ByModel,
    int MaxConsecutiveEmptyResponses,
    IReadOnlyList<string> Shards)
{
    /// <summary>Each shard's part of the hour (requests, longest empty run with its times), ordered by shard key.</summary>
    public IReadOnlyList<ShardHour> ShardDetails { get; init; } = [];

    /// <summary>Newest request time in the hour; null when the hour has no requests (or only shards ingested before it was kept).</summary>
    public DateTimeOffset? LastRequestAt { get; init; }
}
