namespace QwenLogFunctions.Core.Reports;

/// <summary>A mean over the requests where the measure is defined, and how many there were. Mean is null when Count is 0.</summary>
public sealed record MeanSummary(long Count, double? Mean);
