using Microsoft.Extensions.Options;
using QwenLogFunctions.Core.Configuration;

namespace QwenLogFunctions.Alerting;

/// <summary>Checks <see cref="NotificationOptions"/> at start-up; each failure names the app setting (never its value, which is a secret).</summary>
public sealed class NotificationOptionsValidator : IValidateOptions<NotificationOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, NotificationOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        Url(options.WebhookUrl, AppSettingNames.NotifyWebhookUrl, failures);
        Url(options.SlackWebhookUrl, AppSettingNames.NotifySlackWebhookUrl, failures);
        Url(options.TeamsWebhookUrl, AppSettingNames.NotifyTeamsWebhookUrl, failures);
        Url(options.WeComWebhookUrl, AppSettingNames.NotifyWeComWebhookUrl, failures);
        Url(options.DingTalkWebhookUrl, AppSettingNames.NotifyDingTalkWebhookUrl, failures);
        if (!string.IsNullOrWhiteSpace(options.DingTalkSecret) && string.IsNullOrWhiteSpace(options.DingTalkWebhookUrl))
        {
            failures.Add($"{AppSettingNames.NotifyDingTalkSecret} is set but {AppSettingNames.NotifyDingTalkWebhookUrl} is not.");
        }

        if (options.MaxAttempts is < 1 or > 10)
        {
            failures.Add("QwenLogs:Notifications:MaxAttempts must be between 1 and 10.");
        }

        if (options.InitialRetryDelay < TimeSpan.Zero)
        {
            failures.Add("QwenLogs:Notifications:InitialRetryDelay must not be negative.");
        }

        if (options.RequestTimeout <= TimeSpan.Zero)
        {
            failures.Add("QwenLogs:Notifications:RequestTimeout must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Parses an optional channel URL: null when unset, the absolute http(s) URI otherwise.</summary>
    internal static bool TryParseUrl(string? value, out Uri? uri)
    {
        uri = null;
        if (string.IsNullOrWhiteSpace(value))
        {
            return true;
        }

        if (Uri.TryCreate(value.Trim(), UriKind.Absolute, out var parsed)
            && (parsed.Scheme == Uri.UriSchemeHttps || parsed.Scheme == Uri.UriSchemeHttp))
        {
            uri = parsed;
            return true;
        }

        return false;
    }

    private static void Url(string? value, string setting, List<string> failures)
    {
        if (!TryParseUrl(value, out _))
        {
            // The value is not echoed: it usually carries a key.
            failures.Add($"{setting} must be an absolute http or https URL.");
        }
    }
}
