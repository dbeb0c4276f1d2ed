namespace QwenLogFunctions.Storage.Aggregation;

/// <summary>What one aggregation run did.</summary>
/// <param name="Hours">The hours merged in this run, ascending (an hour with no requests left after a purge has zero totals).</param>
/// <param name="StillDirty">Hours that changed again while being merged; the next run merges them again.</param>
public sealed record AggregationResult(IReadOnlyList<HourAggregate> Hours, IReadOnlyList<DateTimeOffset> StillDirty)
{
    /// <summary>
    /// Newest request time ever aggregated (this run or an earlier one); null before the first request. Kept even when
    /// this run merged nothing, which is exactly when "no requests for N hours" must be judged.
    /// </summary>
    public DateTimeOffset? LastRequestAt { get; init; }
}
