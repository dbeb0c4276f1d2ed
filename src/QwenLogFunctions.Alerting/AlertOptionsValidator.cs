using Microsoft.Extensions.Options;
using QwenLogFunctions.Core.Configuration;

namespace QwenLogFunctions.Alerting;

/// <summary>Checks <see cref="AlertOptions"/> at start-up; each failure names the app setting to fix.</summary>
public sealed class AlertOptionsValidator : IValidateOptions<AlertOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.ConsecutiveEmptyResponses < 1)
        {
            failures.Add($"{AppSettingNames.AlertConsecutiveEmptyResponses} must be at least 1.");
        }

        Positive(options.LatencyP95Ms, AppSettingNames.AlertLatencyP95Ms, failures);
        Positive(options.FirstTokenP95Ms, AppSettingNames.AlertFirstTokenP95Ms, failures);
        Positive(options.NoRequestsHours, AppSettingNames.AlertNoRequestsHours, failures);
        if (!double.IsFinite(options.MinDecodeTps) || options.MinDecodeTps < 0)
        {
            failures.Add($"{AppSettingNames.AlertMinDecodeTps} must be a number of tokens per second, 0 or more.");
        }

        Rate(options.MaxFlagRate, AppSettingNames.AlertMaxFlagRate, failures);
        Rate(options.MaxMalformedJsonRate, AppSettingNames.AlertMaxMalformedJsonRate, failures);
        Rate(options.MaxRejectedLineRate, AppSettingNames.AlertMaxRejectedLineRate, failures);
        Rate(options.MaxErrorLevelRate, AppSettingNames.AlertMaxErrorLevelRate, failures);
        if (options.MinRequestsForRates < 1)
        {
            failures.Add($"{AppSettingNames.AlertMinRequestsForRates} must be at least 1.");
        }

        if (options.NotificationClaim <= TimeSpan.Zero)
        {
            failures.Add("QwenLogs:Alerts:NotificationClaim must be positive.");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void Positive(double value, string setting, List<string> failures)
    {
        if (!double.IsFinite(value) || value <= 0)
        {
            failures.Add($"{setting} must be a positive number.");
        }
    }

    private static void Rate(double value, string setting, List<string> failures)
    {
        // A rate of 1 would never fire; allow it anyway as the documented way to switch one rule off.
        if (!double.IsFinite(value) || value < 0 || value > 1)
        {
            failures.Add($"{setting} must be a fraction between 0 and 1 (e.g. 0.05 for 5%).");
        }
    }
}
