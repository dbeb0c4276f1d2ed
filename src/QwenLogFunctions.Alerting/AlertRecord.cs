using System.Text.Json.Serialization;

namespace QwenLogFunctions.Alerting;

/// <summary>
/// Current state of one alert series (rule + model + subject), as stored and as GET /api/alerts returns it.
/// Fields describe the newest judged hour; notification bookkeeping says which channels have been told.
/// </summary>
public sealed record AlertRecord
{
    /// <summary>Series key (see <see cref="AlertKeys"/>).</summary>
    public required string Key { get; init; }

    /// <summary>One of <see cref="AlertRuleIds"/>.</summary>
    public required string RuleId { get; init; }

    /// <summary>Model name or "all".</summary>
    public required string Model { get; init; }

    /// <summary>Flag name for flag_rate; empty otherwise.</summary>
    public string Subject { get; init; } = string.Empty;

    /// <summary>The newest hour judged (UTC).</summary>
    public required DateTimeOffset Hour { get; init; }

    /// <summary>Firing or resolved.</summary>
    public required AlertState State { get; init; }

    /// <summary>Severity.</summary>
    public required AlertSeverity Severity { get; init; }

    /// <summary>Measured value at <see cref="Hour"/>, in <see cref="Unit"/>.</summary>
    public required double Value { get; init; }

    /// <summary>Threshold, in <see cref="Unit"/>.</summary>
    public required double Threshold { get; init; }

    /// <summary>ms, tokens/s, ratio (0–1), responses or hours.</summary>
    public required string Unit { get; init; }

    /// <summary>Human message (Chinese and English).</summary>
    public required string Message { get; init; }

    /// <summary>When the current (or last) firing began.</summary>
    public required DateTimeOffset FiredAt { get; init; }

    /// <summary>When it resolved; null while firing.</summary>
    public DateTimeOffset? ResolvedAt { get; init; }

    /// <summary>Last evaluation that changed this record.</summary>
    public required DateTimeOffset UpdatedAt { get; init; }

    /// <summary>Channels already told about the current state.</summary>
    public IReadOnlyList<string> DeliveredChannels { get; init; } = [];

    /// <summary>When resolved: the channels that had been told it fired (they, and only they, hear it resolved).</summary>
    public IReadOnlyList<string> AnnouncedChannels { get; init; } = [];

    /// <summary>Last notification failure (channel and reason, never the URL); null after a full success.</summary>
    public string? LastNotificationError { get; init; }

    /// <summary>Notification rounds that failed for at least one channel since the last state change.</summary>
    public int FailedNotificationRounds { get; init; }

    /// <summary>An evaluation holds the right to notify until this time (ETag-guarded), so two runs never both send.</summary>
    [JsonIgnore]
    public DateTimeOffset? ClaimedUntil { get; init; }

    /// <summary>Store concurrency token; null for a record never saved.</summary>
    [JsonIgnore]
    public string? ETag { get; init; }

    /// <summary>Channels among <paramref name="configured"/> still owed a notification for the current state.</summary>
    public IReadOnlyList<string> PendingChannels(IReadOnlyList<string> configured)
    {
        ArgumentNullException.ThrowIfNull(configured);
        var audience = State == AlertState.Firing ? configured : configured.Where(AnnouncedChannels.Contains).ToList();
        return audience.Where(channel => !DeliveredChannels.Contains(channel, StringComparer.Ordinal)).ToList();
    }
}
