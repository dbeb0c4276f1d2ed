namespace QwenLogFunctions.Alerting.Notifications;

/// <summary>A channel could not deliver a notification. The message never contains the webhook URL or a secret.</summary>
public sealed class NotificationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public NotificationException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public NotificationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and a cause.</summary>
    public NotificationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
