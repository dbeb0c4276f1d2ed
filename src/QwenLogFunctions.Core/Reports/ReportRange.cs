namespace QwenLogFunctions.Core.Reports;

/// <summary>A half-open UTC time range [From, To).</summary>
public sealed record ReportRange(DateTimeOffset From, DateTimeOffset To);
