namespace QwenLogFunctions.Alerting;

/// <summary>One event in an alert's history: it fired, resolved, or a notification was delivered or failed.</summary>
/// <param name="Key">Series key.</param>
/// <param name="RuleId">Rule.</param>
/// <param name="Model">Model or "all".</param>
/// <param name="Subject">Flag name or empty.</param>
/// <param name="Hour">Hour judged.</param>
/// <param name="Event">One of <see cref="AlertHistoryEvents"/>.</param>
/// <param name="At">When it happened.</param>
/// <param name="Value">Measured value.</param>
/// <param name="Threshold">Threshold.</param>
/// <param name="Unit">Unit of value and threshold.</param>
/// <param name="Severity">Severity.</param>
/// <param name="Message">Human message.</param>
/// <param name="Channel">Channel, for notification events.</param>
/// <param name="Error">Failure reason, for notification_failed.</param>
public sealed record AlertHistoryEntry(
    string Key,
    string RuleId,
    string Model,
    string Subject,
    DateTimeOffset Hour,
    string Event,
    DateTimeOffset At,
    double Value,
    double Threshold,
    string Unit,
    AlertSeverity Severity,
    string Message,
    string? Channel = null,
    string? Error = null)
{
    /// <summary>A history entry for <paramref name="record"/>'s current figures.</summary>
    public static AlertHistoryEntry For(AlertRecord record, string eventName, DateTimeOffset at, string? channel = null, string? error = null)
    {
        ArgumentNullException.ThrowIfNull(record);
        return new(record.Key, record.RuleId, record.Model, record.Subject, record.Hour, eventName, at, record.Value,
            record.Threshold, record.Unit, record.Severity, record.Message, channel, error);
    }
}
