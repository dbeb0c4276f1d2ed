using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace QwenLogFunctions.Alerting.Notifications;

/// <summary>The channels configured in <see cref="NotificationOptions"/>: one per URL set, in a fixed order.</summary>
public sealed class AlertNotifier
{
    /// <summary>Builds the configured channels.</summary>
    public AlertNotifier(IHttpClientFactory httpClientFactory, IOptions<NotificationOptions> options, TimeProvider timeProvider, ILoggerFactory loggerFactory)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(timeProvider);
        ArgumentNullException.ThrowIfNull(loggerFactory);
        var o = options.Value;
        var sender = new WebhookSender(httpClientFactory, options, loggerFactory.CreateLogger<WebhookSender>());
        var channels = new List<INotificationChannel>();
        Add(channels, NotificationChannelNames.Webhook, o.WebhookUrl, url => () => url, WebhookPayloads.Generic, WebhookResponses.StatusOnly, sender);
        Add(channels, NotificationChannelNames.Slack, o.SlackWebhookUrl, url => () => url, WebhookPayloads.Slack, WebhookResponses.StatusOnly, sender);
        Add(channels, NotificationChannelNames.Teams, o.TeamsWebhookUrl, url => () => url, WebhookPayloads.Teams, WebhookResponses.StatusOnly, sender);
        Add(channels, NotificationChannelNames.WeCom, o.WeComWebhookUrl, url => () => url, WebhookPayloads.WeCom, WebhookResponses.ErrCode, sender);
        string? secret = string.IsNullOrWhiteSpace(o.DingTalkSecret) ? null : o.DingTalkSecret.Trim();
        Add(channels, NotificationChannelNames.DingTalk, o.DingTalkWebhookUrl,
            url => secret is null ? () => url : () => DingTalkSigner.AppendSignature(url, secret, timeProvider.GetUtcNow()),
            WebhookPayloads.DingTalk, WebhookResponses.ErrCode, sender);
        Channels = channels;
        ChannelNames = channels.Select(c => c.Name).ToList();
    }

    /// <summary>Builds a notifier over explicit channels (tests, custom channels).</summary>
    public AlertNotifier(IEnumerable<INotificationChannel> channels)
    {
        Channels = [.. channels];
        ChannelNames = Channels.Select(c => c.Name).ToList();
    }

    /// <summary>The channels, in order.</summary>
    public IReadOnlyList<INotificationChannel> Channels { get; }

    /// <summary>Their names.</summary>
    public IReadOnlyList<string> ChannelNames { get; }

    private static void Add(
        List<INotificationChannel> channels,
        string name,
        string? setting,
        Func<Uri, Func<Uri>> url,
        Func<AlertRecord, System.Text.Json.Nodes.JsonNode> payload,
        Func<string, string?> check,
        WebhookSender sender)
    {
        if (!NotificationOptionsValidator.TryParseUrl(setting, out var uri))
        {
            // The validator reports it at start-up with the setting's name; never send to a malformed URL.
            throw new InvalidOperationException($"The {name} notification URL is not an absolute http(s) URL.");
        }

        if (uri is not null)
        {
            channels.Add(new WebhookChannel(name, url(uri), payload, check, sender));
        }
    }
}
