using QwenLogFunctions.Core.Configuration;

namespace QwenLogFunctions.Alerting;

/// <summary>
/// Thresholds of the alert rules, bound from configuration section "QwenLogs:Alerts" (app settings
/// <c>QwenLogs__Alerts__*</c>, see <see cref="AppSettingNames"/>). Defaults follow the article where it has a figure.
/// </summary>
public sealed class AlertOptions
{
    /// <summary>The configuration section the options bind to.</summary>
    public const string SectionName = "QwenLogs:Alerts";

    /// <summary>Consecutive empty responses (timestamp order, within one shard) that fire; the article's rule is 5.</summary>
    public int ConsecutiveEmptyResponses { get; set; } = 5;

    /// <summary>Hourly P95 total latency ceiling in milliseconds.</summary>
    public double LatencyP95Ms { get; set; } = 10_000;

    /// <summary>Hourly P95 first-token latency ceiling in milliseconds.</summary>
    public double FirstTokenP95Ms { get; set; } = 2_000;

    /// <summary>Decode speed floor in tokens per second (the article's RTX 3060 baseline is 100).</summary>
    public double MinDecodeTps { get; set; } = 100;

    /// <summary>Largest acceptable share of an hour's requests carrying any one flag; each flag alerts on its own.</summary>
    public double MaxFlagRate { get; set; } = 0.05;

    /// <summary>Largest acceptable malformed_json share among the hour's json_mode requests.</summary>
    public double MaxMalformedJsonRate { get; set; } = 0.02;

    /// <summary>Largest acceptable share of rejected lines among the hour's lines.</summary>
    public double MaxRejectedLineRate { get; set; } = 0.01;

    /// <summary>Largest acceptable share of ERROR-level requests in an hour.</summary>
    public double MaxErrorLevelRate { get; set; } = 0.05;

    /// <summary>Hours without any request before the "no requests" alert fires.</summary>
    public double NoRequestsHours { get; set; } = 2;

    /// <summary>Fewest requests (or lines, for the rejected-line rate) in an hour before rate rules apply.</summary>
    public long MinRequestsForRates { get; set; } = 20;

    /// <summary>
    /// How long one evaluation holds its claim on an alert's notification. Another run skips a claimed alert until
    /// the claim expires, so a run that dies mid-send delays the retry but never loses it. Not an app setting.
    /// </summary>
    public TimeSpan NotificationClaim { get; set; } = TimeSpan.FromMinutes(10);
}
