namespace QwenLogFunctions.Core.Reports;

/// <summary>Distribution of a measure: percentiles (article definition or sketch), mean, max and how many values there were. Null figures mean no values.</summary>
public sealed record PercentileSummary(long Count, double? Mean, double? P50, double? P95, double? P99, double? Max)
{
    /// <summary>A summary of no values.</summary>
    public static PercentileSummary Empty { get; } = new(0, null, null, null, null, null);
}
