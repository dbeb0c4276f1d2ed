namespace QwenLogFunctions.Core.Reports;

/// <summary>The headline figures over a set of requests (a whole report, an hour, a model or a device). A plain data object.</summary>
public class SummaryStatistics
{
    /// <summary>Accepted requests.</summary>
    public long TotalRequests { get; set; }

    /// <summary>Requests whose output is non-empty after trimming whitespace.</summary>
    public long SuccessfulRequests { get; set; }

    /// <summary>SuccessfulRequests / TotalRequests, in [0, 1]; null with no requests.</summary>
    public double? SuccessRate { get; set; }

    /// <summary>Requests logged at level ERROR (or CRITICAL/FATAL).</summary>
    public long ErrorLevelRequests { get; set; }

    /// <summary>Requests with json_mode on (the denominator of the malformed_json rate).</summary>
    public long JsonModeRequests { get; set; }

    /// <summary>
    /// Requests without any input or output text (OTLP spans that carry no message content): the content flags are
    /// not applicable to them rather than clean; a content flag's rate is over TotalRequests minus this.
    /// </summary>
    public long ContentFlagsNotApplicable { get; set; }

    /// <summary>Mean metadata.prompt_tokens; null with no requests.</summary>
    public double? AvgPromptTokens { get; set; }

    /// <summary>Mean metadata.completion_tokens; null with no requests.</summary>
    public double? AvgCompletionTokens { get; set; }

    /// <summary>Total latency distribution in milliseconds.</summary>
    public PercentileSummary LatencyMs { get; set; } = PercentileSummary.Empty;

    /// <summary>First-token latency distribution in milliseconds (requests that logged it).</summary>
    public PercentileSummary FirstTokenLatencyMs { get; set; } = PercentileSummary.Empty;

    /// <summary>The article's throughput: mean of completion_tokens / seconds over requests with latency &gt; 0.</summary>
    public MeanSummary ThroughputTps { get; set; } = new(0, null);

    /// <summary>Decode speed excluding the first-token wait: mean of (completion_tokens − 1) / (total − first token) seconds.</summary>
    public MeanSummary DecodeTps { get; set; } = new(0, null);

    /// <summary>Queue time distribution in milliseconds (vLLM's queue_time_ms, requests that logged it).</summary>
    public PercentileSummary QueueTimeMs { get; set; } = PercentileSummary.Empty;

    /// <summary>
    /// Time per output token (inter-token latency) in milliseconds: mean_itl_ms where logged, otherwise
    /// (total − first token) / (completion_tokens − 1) for requests with ≥ 2 tokens and total &gt; first token.
    /// </summary>
    public PercentileSummary ItlMs { get; set; } = PercentileSummary.Empty;

    /// <summary>GPU memory in MiB (gpu_memory_mb, or gpu_memory_gb × 1024), requests that logged it.</summary>
    public GpuMemorySummary GpuMemoryMb { get; set; } = new(0, null, null);

    /// <summary>GPU time, utilization and cost (README: cost model).</summary>
    public CostSummary Cost { get; set; } = CostSummary.Empty;
}
