namespace QwenLogFunctions.Core.Reports;

/// <summary>
/// What GET /api/metrics exposes: running totals since the first aggregated hour, by model and device, and the
/// figures of the last complete hour. Model and device names are already bounded (top N by volume + "other").
/// </summary>
/// <param name="Totals">Totals per (model, device).</param>
/// <param name="RejectedLines">Rejected lines of every shard ingested (they have no trusted model or device).</param>
/// <param name="LastHour">Start of the last complete hour with requests, or null when there is none.</param>
/// <param name="Models">That hour's figures per model.</param>
/// <param name="Devices">That hour's GPU figures per device.</param>
/// <param name="Currency">Currency of the cost gauges; null when none is configured.</param>
public sealed record ServingMetricsSnapshot(
    IReadOnlyList<ServingTotals> Totals,
    long RejectedLines,
    DateTimeOffset? LastHour,
    IReadOnlyList<ModelHourFigures> Models,
    IReadOnlyList<DeviceHourFigures> Devices,
    string? Currency);

/// <summary>Running totals of one (model, device).</summary>
public sealed record ServingTotals(string Model, string Device, long Requests, long PromptTokens, long CompletionTokens, IReadOnlyDictionary<string, long> Flags);

/// <summary>One model's figures in one hour.</summary>
/// <param name="Model">Model name (or "other").</param>
/// <param name="Statistics">The hour's figures of the model.</param>
public sealed record ModelHourFigures(string Model, SummaryStatistics Statistics);

/// <summary>One device's GPU figures in one hour.</summary>
public sealed record DeviceHourFigures(string Device, CostSummary Cost);
