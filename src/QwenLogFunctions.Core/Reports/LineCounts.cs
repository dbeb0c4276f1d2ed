namespace QwenLogFunctions.Core.Reports;

/// <summary>How the lines of the analyzed shards were accounted for. Total = Accepted + Rejected + Blank, always.</summary>
public sealed record LineCounts(long Total, long Accepted, long Rejected, long Blank);
