namespace QwenLogFunctions.Core.Reports;

/// <summary>The headline figures over a set of requests (a whole report, an hour, a model or a device).</summary>
public class SummaryStatistics
{
    /// <summary>Accepted requests.</summary>
    public required long TotalRequests { get; init; }

    /// <summary>Requests whose output is non-empty after trimming whitespace.</summary>
    public required long SuccessfulRequests { get; init; }

    /// <summary>SuccessfulRequests / TotalRequests, in [0, 1]; null with no requests.</summary>
    public double? SuccessRate { get; init; }

    /// <summary>Requests logged at level ERROR (or CRITICAL/FATAL).</summary>
    public required long ErrorLevelRequests { get; init; }

    /// <summary>Mean metadata.prompt_tokens; null with no requests.</summary>
    public double? AvgPromptTokens { get; init; }

    /// <summary>Mean metadata.completion_tokens; null with no requests.</summary>
    public double? AvgCompletionTokens { get; init; }

    /// <summary>Total latency distribution in milliseconds.</summary>
    public required PercentileSummary LatencyMs { get; init; }

    /// <summary>First-token latency distribution in milliseconds (requests that logged it).</summary>
    public required PercentileSummary FirstTokenLatencyMs { get; init; }

    /// <summary>The article's throughput: mean of completion_tokens / seconds over requests with latency &gt; 0.</summary>
    public required MeanSummary ThroughputTps { get; init; }

    /// <summary>Decode speed excluding the first-token wait: mean of (completion_tokens − 1) / (total − first token) seconds.</summary>
    public required MeanSummary DecodeTps { get; init; }
}
