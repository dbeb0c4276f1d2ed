using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Alerting;
using QwenLogFunctions.Core.Configuration;

namespace QwenLogFunctions.Alerting.Tests;

public class OptionsTests
{
    /// <summary>Configuration as the Functions host builds it from app settings: environment-style keys with "__".</summary>
    private static ServiceProvider FromAppSettings(params (string Setting, string Value)[] settings)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => KeyValuePair.Create(s.Setting.Replace("__", ":", StringComparison.Ordinal), (string?)s.Value)))
            .Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQwenLogAlerting(configuration);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Defaults_match_the_documented_values()
    {
        using var services = FromAppSettings();
        var alerts = services.GetRequiredService<IOptions<AlertOptions>>().Value;

        Assert.Equal(5, alerts.ConsecutiveEmptyResponses);
        Assert.Equal(10_000, alerts.LatencyP95Ms);
        Assert.Equal(2_000, alerts.FirstTokenP95Ms);
        Assert.Equal(100, alerts.MinDecodeTps);
        Assert.Equal(0.05, alerts.MaxFlagRate);
        Assert.Equal(0.02, alerts.MaxMalformedJsonRate);
        Assert.Equal(0.01, alerts.MaxRejectedLineRate);
        Assert.Equal(0.05, alerts.MaxErrorLevelRate);
        Assert.Equal(2, alerts.NoRequestsHours);
        Assert.Equal(20, alerts.MinRequestsForRates);
    }

    [Fact]
    public void Every_alert_and_notification_app_setting_binds()
    {
        using var services = FromAppSettings(
            (AppSettingNames.AlertConsecutiveEmptyResponses, "7"),
            (AppSettingNames.AlertLatencyP95Ms, "8000"),
            (AppSettingNames.AlertFirstTokenP95Ms, "1500"),
            (AppSettingNames.AlertMinDecodeTps, "80.5"),
            (AppSettingNames.AlertMaxFlagRate, "0.1"),
            (AppSettingNames.AlertMaxMalformedJsonRate, "0.03"),
            (AppSettingNames.AlertMaxRejectedLineRate, "0.02"),
            (AppSettingNames.AlertMaxErrorLevelRate, "0.04"),
            (AppSettingNames.AlertNoRequestsHours, "6"),
            (AppSettingNames.AlertMinRequestsForRates, "50"),
            (AppSettingNames.NotifyWebhookUrl, "https://example.invalid/a"),
            (AppSettingNames.NotifySlackWebhookUrl, "https://example.invalid/b"),
            (AppSettingNames.NotifyTeamsWebhookUrl, "https://example.invalid/c"),
            (AppSettingNames.NotifyWeComWebhookUrl, "https://example.invalid/d"),
            (AppSettingNames.NotifyDingTalkWebhookUrl, "https://example.invalid/e"),
            (AppSettingNames.NotifyDingTalkSecret, "SECx"));

        var alerts = services.GetRequiredService<IOptions<AlertOptions>>().Value;
        var notifications = services.GetRequiredService<IOptions<NotificationOptions>>().Value;

        Assert.Equal((7, 8000d, 1500d, 80.5, 0.1, 0.03, 0.02, 0.04, 6d, 50L),
            (alerts.ConsecutiveEmptyResponses, alerts.LatencyP95Ms, alerts.FirstTokenP95Ms, alerts.MinDecodeTps, alerts.MaxFlagRate,
             alerts.MaxMalformedJsonRate, alerts.MaxRejectedLineRate, alerts.MaxErrorLevelRate, alerts.NoRequestsHours, alerts.MinRequestsForRates));
        Assert.Equal(
            "https://example.invalid/a https://example.invalid/b https://example.invalid/c https://example.invalid/d https://example.invalid/e SECx",
            string.Join(" ", notifications.WebhookUrl, notifications.SlackWebhookUrl, notifications.TeamsWebhookUrl, notifications.WeComWebhookUrl, notifications.DingTalkWebhookUrl, notifications.DingTalkSecret));
    }

    [Theory]
    [InlineData("QwenLogs__Notifications__SlackWebhookUrl", "hooks.slack.com/services/T/B/secret")]
    [InlineData("QwenLogs__Notifications__TeamsWebhookUrl", "ftp://example.invalid/x")]
    [InlineData("QwenLogs__Alerts__MaxFlagRate", "5")]
    [InlineData("QwenLogs__Alerts__ConsecutiveEmptyResponses", "0")]
    [InlineData("QwenLogs__Alerts__LatencyP95Ms", "-1")]
    public void Invalid_settings_fail_with_the_app_setting_name_and_without_the_value(string setting, string value)
    {
        using var services = FromAppSettings((setting, value));

        var error = Assert.Throws<OptionsValidationException>(() =>
        {
            _ = services.GetRequiredService<IOptions<AlertOptions>>().Value;
            _ = services.GetRequiredService<IOptions<NotificationOptions>>().Value;
        });

        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
        if (value.Contains('/', StringComparison.Ordinal))
        {
            Assert.DoesNotContain(value, error.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void A_DingTalk_secret_without_a_url_is_refused()
    {
        var result = new NotificationOptionsValidator().Validate(null, new NotificationOptions { DingTalkSecret = "SECx" });

        Assert.True(result.Failed);
        Assert.Contains(AppSettingNames.NotifyDingTalkWebhookUrl, result.FailureMessage, StringComparison.Ordinal);
    }
}
