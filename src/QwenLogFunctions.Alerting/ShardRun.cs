namespace QwenLogFunctions.Alerting;

/// <summary>
/// The longest run of consecutive empty responses in one shard, in timestamp order (the article's crash signal).
/// A shard without empty responses is given with <paramref name="Length"/> 0, so the rule knows it was looked at.
/// </summary>
/// <param name="Shard">Shard (blob) name; shown in the message, not part of the alert key.</param>
/// <param name="Length">Number of empty responses in the run.</param>
/// <param name="FirstAt">Timestamp of the run's first request (any value when Length is 0).</param>
/// <param name="LastAt">Timestamp of the run's last request; its hour is the alert's hour.</param>
public sealed record ShardRun(string Shard, int Length, DateTimeOffset FirstAt, DateTimeOffset LastAt)
{
    /// <summary>Start of the UTC hour of <see cref="LastAt"/>.</summary>
    public DateTimeOffset Hour => AlertTime.HourOf(LastAt);
}
