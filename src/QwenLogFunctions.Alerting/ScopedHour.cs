using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Alerting;

/// <summary>
/// One hour's statistics for one scope: a model, or <see cref="AlertRuleIds.AllModels"/> for every model together.
/// The hour is <see cref="HourlyStatistics.Hour"/>.
/// </summary>
/// <param name="Model">Model name, or "all".</param>
/// <param name="Statistics">The aggregator's figures for that model and hour.</param>
public sealed record ScopedHour(string Model, HourlyStatistics Statistics)
{
    /// <summary>Start of the hour (UTC).</summary>
    public DateTimeOffset Hour => Statistics.Hour;
}
