namespace QwenLogFunctions.Core.Reports;

/// <summary>
/// GPU time and what it cost for a set of requests (README: "GPU cost and utilization").
/// </summary>
/// <param name="GpuHours">GPU-hours paid: device-hours with requests stamped in them (every hour of the range when always-on). For a model: its token share of the GPU-hours it ran on.</param>
/// <param name="BusySeconds">Seconds in which a GPU served at least one request (union of serving intervals per device, 1 s resolution).</param>
/// <param name="Utilization">BusySeconds / (3600 × device-hours that were paid or busy; for a model, in which it served), in [0, 1]; null without any.</param>
/// <param name="Total">GpuHours × the device's price per GPU-hour; null without GPU-hours or when a device involved has no price.</param>
/// <param name="PerRequestMean">Total / requests; null without a total or requests.</param>
/// <param name="PerMillionTokens">Total / (prompt + completion tokens) × 1,000,000; null without a total or tokens.</param>
/// <param name="Currency">The configured currency code; null when none is configured.</param>
public sealed record CostSummary(
    double GpuHours,
    long BusySeconds,
    double? Utilization,
    double? Total,
    double? PerRequestMean,
    double? PerMillionTokens,
    string? Currency)
{
    /// <summary>No GPU time.</summary>
    public static CostSummary Empty { get; } = new(0, 0, null, null, null, null, null);
}
