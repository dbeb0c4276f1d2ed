using Microsoft.Extensions.Logging;

namespace QwenLogFunctions.Alerting.Notifications;

/// <summary>Log messages of the notification path. URLs are always passed through <see cref="WebhookUrls.Redact"/> first.</summary>
internal static partial class NotificationLog
{
    [LoggerMessage(EventId = 4101, Level = LogLevel.Warning, Message = "Notification to {Channel} ({Endpoint}) failed on attempt {Attempt} of {MaxAttempts}: {Reason}")]
    public static partial void AttemptFailed(ILogger logger, string channel, string endpoint, int attempt, int maxAttempts, string reason);

    [LoggerMessage(EventId = 4102, Level = LogLevel.Information, Message = "Notified {Channel} ({Endpoint}) about {AlertKey} ({State})")]
    public static partial void Delivered(ILogger logger, string channel, string endpoint, string alertKey, AlertState state);
}
