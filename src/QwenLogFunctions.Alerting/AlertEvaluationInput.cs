namespace QwenLogFunctions.Alerting;

/// <summary>
/// Everything one evaluation looks at. Pass completed hours (the aggregator's recent window); for each alert series
/// the newest hour where its rule applies decides, and hours older than what a series was last judged on are ignored,
/// so passing an overlapping window again changes nothing.
/// </summary>
public sealed record AlertEvaluationInput
{
    /// <summary>Evaluation time (UTC): stamps transitions and measures "no requests for N hours".</summary>
    public required DateTimeOffset Now { get; init; }

    /// <summary>Hourly statistics per scope: model "all" and, if wanted, each model.</summary>
    public IReadOnlyList<ScopedHour> Hours { get; init; } = [];

    /// <summary>Longest empty-response run of each shard ingested since the previous evaluation (empty: rule not judged).</summary>
    public IReadOnlyList<ShardRun> EmptyRuns { get; init; } = [];

    /// <summary>Completeness of each shard of the merged hours (empty: the incomplete-shards rule is not judged).</summary>
    public IReadOnlyList<ShardCompleteness> Shards { get; init; } = [];

    /// <summary>Line counts per hour from the shard ledgers (rejected-line rate).</summary>
    public IReadOnlyList<LineHour> Lines { get; init; } = [];

    /// <summary>Timestamp of the newest request ever stored; null (nothing yet) leaves the no-requests rule unjudged.</summary>
    public DateTimeOffset? LastRequestAt { get; init; }
}
