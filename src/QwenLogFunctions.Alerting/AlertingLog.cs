using Microsoft.Extensions.Logging;

namespace QwenLogFunctions.Alerting;

/// <summary>Log messages of the alert engine.</summary>
internal static partial class AlertingLog
{
    [LoggerMessage(EventId = 4001, Level = LogLevel.Warning, Message = "Alert {AlertKey} fired: {Message}")]
    public static partial void Fired(ILogger logger, string alertKey, string message);

    [LoggerMessage(EventId = 4002, Level = LogLevel.Information, Message = "Alert {AlertKey} resolved: {Message}")]
    public static partial void Resolved(ILogger logger, string alertKey, string message);

    [LoggerMessage(EventId = 4003, Level = LogLevel.Information, Message = "Alert {AlertKey} was changed by a concurrent evaluation; skipped this time")]
    public static partial void Conflict(ILogger logger, string alertKey);

    [LoggerMessage(EventId = 4004, Level = LogLevel.Warning, Message = "Notifying {Channel} about {AlertKey} failed; will retry on the next evaluation: {Reason}")]
    public static partial void NotificationFailed(ILogger logger, string channel, string alertKey, string reason);
}
