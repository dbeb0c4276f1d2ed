namespace QwenLogFunctions.Core.Reports;

/// <summary>A non-blank line that did not become a request, with the reason a person can act on.</summary>
/// <param name="Shard">Shard (file or blob) name.</param>
/// <param name="Line">1-based line number.</param>
/// <param name="Reason">What is wrong, e.g. "invalid JSON at byte 17: ..." or "field metadata.total_latency_ms is negative".</param>
public sealed record LineRejection(string Shard, long Line, string Reason)
{
    /// <summary>
    /// True when the problem is the shard's, not one line's: the shard is cut short (gzip without its trailer, or a last
    /// line without newline that does not parse), fails its gzip CRC-32 or length check, has damaged compressed data,
    /// or is UTF-16. Nothing after <see cref="Line"/> was read; the lines before it are kept. Such a shard is
    /// <c>incomplete</c>. Written to JSON only when true.
    /// </summary>
    [System.Text.Json.Serialization.JsonIgnore(Condition = System.Text.Json.Serialization.JsonIgnoreCondition.WhenWritingDefault)]
    public bool ShardProblem { get; init; }
}
