namespace QwenLogFunctions.Alerting;

/// <summary>Stable identifiers of the alert rules (used in alert keys, JSON, tables and notifications).</summary>
public static class AlertRuleIds
{
    /// <summary>The article's rule: N empty responses in a row within one shard, in timestamp order.</summary>
    public const string ConsecutiveEmptyResponses = "consecutive_empty_responses";

    /// <summary>Hourly P95 total latency above the ceiling.</summary>
    public const string LatencyP95 = "latency_p95";

    /// <summary>Hourly P95 first-token latency above the ceiling.</summary>
    public const string FirstTokenLatencyP95 = "first_token_latency_p95";

    /// <summary>Hourly mean decode speed below the floor.</summary>
    public const string DecodeSpeed = "decode_speed";

    /// <summary>Share of the hour's requests carrying one flag (the flag is the alert's subject).</summary>
    public const string FlagRate = "flag_rate";

    /// <summary>malformed_json share among the hour's json_mode requests.</summary>
    public const string MalformedJsonRate = "malformed_json_rate";

    /// <summary>Share of the hour's lines rejected by the parser.</summary>
    public const string RejectedLineRate = "rejected_line_rate";

    /// <summary>A shard of the merged hours could not be read to its end (ledger status Incomplete).</summary>
    public const string IncompleteShards = "incomplete_shards";

    /// <summary>Share of the hour's requests logged at ERROR level.</summary>
    public const string ErrorLevelRate = "error_level_rate";

    /// <summary>No request at all for N hours.</summary>
    public const string NoRequests = "no_requests";

    /// <summary>Model scope meaning "every model together".</summary>
    public const string AllModels = "all";
}
