namespace QwenLogFunctions.Alerting.Notifications;

/// <summary>Somewhere an alert's firing or resolution is announced.</summary>
public interface INotificationChannel
{
    /// <summary>Stable channel name (see <see cref="NotificationChannelNames"/>); recorded per alert as delivered.</summary>
    string Name { get; }

    /// <summary>Announces <paramref name="alert"/>'s current state, retrying with backoff.</summary>
    /// <exception cref="NotificationException">The channel could not be reached or refused the message after the retries.</exception>
    Task SendAsync(AlertRecord alert, CancellationToken cancellationToken);
}
