namespace QwenLogFunctions.Alerting.Notifications;

/// <summary>Makes webhook URLs safe to log: their secrets sit in the path (Slack) or the query (Teams sig, WeCom key, DingTalk token).</summary>
public static class WebhookUrls
{
    /// <summary>Scheme and host only, e.g. "https://hooks.slack.com/…".</summary>
    public static string Redact(Uri url)
    {
        ArgumentNullException.ThrowIfNull(url);
        return url.IsAbsoluteUri ? $"{url.Scheme}://{url.Authority}/…" : "(relative URL)";
    }
}
