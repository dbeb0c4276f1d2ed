namespace QwenLogFunctions.Alerting;

/// <summary>One notification attempt round for one alert and channel.</summary>
/// <param name="Key">Alert series key.</param>
/// <param name="State">The state announced.</param>
/// <param name="Channel">Channel name (webhook, slack, teams, wecom, dingtalk).</param>
/// <param name="Succeeded">Whether the channel accepted it (after retries).</param>
/// <param name="Error">Why not, when it failed (no URL or secret in it).</param>
public sealed record NotificationOutcome(string Key, AlertState State, string Channel, bool Succeeded, string? Error);
