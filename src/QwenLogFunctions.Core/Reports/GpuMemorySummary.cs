namespace QwenLogFunctions.Core.Reports;

/// <summary>GPU memory logged with the requests, in MiB: how many logged it, their mean and the largest. Null figures mean none.</summary>
public sealed record GpuMemorySummary(long Count, double? Mean, double? Max);
