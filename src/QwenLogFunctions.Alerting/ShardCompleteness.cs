namespace QwenLogFunctions.Alerting;

/// <summary>Whether a shard of the merged hours was read to its end (the input of the incomplete-shards rule).</summary>
/// <param name="Shard">Shard (blob) name; shown in the message, not part of the alert key.</param>
/// <param name="Hour">The newest merged hour the shard has requests in.</param>
/// <param name="Problem">The shard-level problem when its ledger status is Incomplete; null when it is complete.</param>
public sealed record ShardCompleteness(string Shard, DateTimeOffset Hour, string? Problem)
{
    /// <summary>True when the shard stopped early (cut short, failed gzip check, damaged compression).</summary>
    public bool Incomplete => Problem is not null;
}
