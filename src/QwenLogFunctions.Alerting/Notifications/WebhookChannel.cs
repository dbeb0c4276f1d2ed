using System.Text.Json.Nodes;

namespace QwenLogFunctions.Alerting.Notifications;

/// <summary>A channel that posts a JSON payload to one webhook URL.</summary>
internal sealed class WebhookChannel(
    string name,
    Func<Uri> url,
    Func<AlertRecord, JsonNode> payload,
    Func<string, string?> checkBody,
    WebhookSender sender) : INotificationChannel
{
    public string Name => name;

    public Task SendAsync(AlertRecord alert, CancellationToken cancellationToken) =>
        sender.PostAsync(name, url, payload(alert), checkBody, cancellationToken);
}
