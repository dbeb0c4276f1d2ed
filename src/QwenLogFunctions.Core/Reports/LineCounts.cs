namespace QwenLogFunctions.Core.Reports;

/// <summary>
/// How the lines of the analyzed shards were accounted for. Total = Accepted + Rejected + Blank, always.
/// The unit is a request record: a line for the line-per-request dialects, a GenAI span for OTLP (one line of an
/// OTLP file holds many spans). <see cref="Spans"/> says how many of the accepted records were OTLP spans; an OTLP
/// line without any GenAI span counts as blank (it holds no request), one whose GenAI spans do not map as one rejection.
/// </summary>
public sealed record LineCounts(long Total, long Accepted, long Rejected, long Blank)
{
    /// <summary>Accepted requests that were OTLP GenAI spans (counted in <see cref="Accepted"/> instead of lines).</summary>
    public long Spans { get; init; }
}
