using QwenLogFunctions.Alerting;
using QwenLogFunctions.Alerting.Notifications;

namespace QwenLogFunctions.Alerting.Tests;

/// <summary>A channel for engine tests: records what it was asked to send and fails while told to.</summary>
internal sealed class RecordingChannel(string name) : INotificationChannel
{
    public string Name => name;

    public List<(string Key, AlertState State)> Sent { get; } = [];

    public bool Failing { get; set; }

    public Func<Task>? DuringSend { get; set; }

    public async Task SendAsync(AlertRecord alert, CancellationToken cancellationToken)
    {
        if (DuringSend is not null)
        {
            await DuringSend();
        }

        if (Failing)
        {
            throw new NotificationException($"{name}: HTTP 503: down");
        }

        Sent.Add((alert.Key, alert.State));
    }
}
