using QwenLogFunctions.Core.Configuration;

namespace QwenLogFunctions.Alerting;

/// <summary>
/// Notification channels, bound from configuration section "QwenLogs:Notifications" (app settings
/// <c>QwenLogs__Notifications__*</c>, see <see cref="AppSettingNames"/>). A channel is on when its URL is set;
/// several can be on at once. URLs and the DingTalk secret are secrets: use Key Vault references in Azure.
/// </summary>
public sealed class NotificationOptions
{
    /// <summary>The configuration section the options bind to.</summary>
    public const string SectionName = "QwenLogs:Notifications";

    /// <summary>Generic JSON webhook URL.</summary>
    public string? WebhookUrl { get; set; }

    /// <summary>Slack incoming webhook URL.</summary>
    public string? SlackWebhookUrl { get; set; }

    /// <summary>Microsoft Teams workflow ("Post to a channel when a webhook request is received") URL.</summary>
    public string? TeamsWebhookUrl { get; set; }

    /// <summary>WeCom (企业微信) group robot URL (…/cgi-bin/webhook/send?key=…).</summary>
    public string? WeComWebhookUrl { get; set; }

    /// <summary>DingTalk (钉钉) robot URL (…/robot/send?access_token=…).</summary>
    public string? DingTalkWebhookUrl { get; set; }

    /// <summary>DingTalk robot signing secret (SEC…); when set, each request carries timestamp and sign.</summary>
    public string? DingTalkSecret { get; set; }

    /// <summary>Attempts per notification and channel within one evaluation (first try included).</summary>
    public int MaxAttempts { get; set; } = 3;

    /// <summary>Delay before the second attempt; it doubles for each further attempt. Tests make it small.</summary>
    public TimeSpan InitialRetryDelay { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>Timeout of one HTTP attempt.</summary>
    public TimeSpan RequestTimeout { get; set; } = TimeSpan.FromSeconds(15);
}
