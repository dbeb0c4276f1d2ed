namespace QwenLogFunctions.Alerting;

/// <summary>Names of <see cref="AlertHistoryEntry.Event"/>.</summary>
public static class AlertHistoryEvents
{
    /// <summary>The condition began to hold.</summary>
    public const string Fired = "fired";

    /// <summary>The condition cleared.</summary>
    public const string Resolved = "resolved";

    /// <summary>A channel accepted the notification.</summary>
    public const string Notified = "notified";

    /// <summary>A channel refused or could not be reached after the retries; the next evaluation tries again.</summary>
    public const string NotificationFailed = "notification_failed";
}
