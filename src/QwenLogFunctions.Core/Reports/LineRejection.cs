namespace QwenLogFunctions.Core.Reports;

/// <summary>A non-blank line that did not become a request, with the reason a person can act on.</summary>
/// <param name="Shard">Shard (file or blob) name.</param>
/// <param name="Line">1-based line number.</param>
/// <param name="Reason">What is wrong, e.g. "invalid JSON at byte 17: ..." or "field metadata.total_latency_ms is negative".</param>
public sealed record LineRejection(string Shard, long Line, string Reason);
