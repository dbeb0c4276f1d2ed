namespace QwenLogFunctions.Alerting.Notifications;

/// <summary>Names of the built-in channels.</summary>
public static class NotificationChannelNames
{
    /// <summary>Generic JSON webhook.</summary>
    public const string Webhook = "webhook";

    /// <summary>Slack incoming webhook.</summary>
    public const string Slack = "slack";

    /// <summary>Microsoft Teams workflow webhook (Adaptive Card).</summary>
    public const string Teams = "teams";

    /// <summary>WeCom (企业微信) group robot.</summary>
    public const string WeCom = "wecom";

    /// <summary>DingTalk (钉钉) robot.</summary>
    public const string DingTalk = "dingtalk";
}
