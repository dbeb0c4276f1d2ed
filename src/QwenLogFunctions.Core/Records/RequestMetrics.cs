namespace QwenLogFunctions.Core.Records;

/// <summary>
/// The numbers of one accepted request that statistics need: small, allocation-free, and the same
/// whether it came from the CLI's fast path or from ingestion.
/// </summary>
/// <param name="TimestampSeconds">Unix epoch seconds (UTC) of the request, as logged; always plausible (see the parser).</param>
/// <param name="Model">Model name; "unknown" when the line has none.</param>
/// <param name="Device">Device name; "unknown" when the line has none.</param>
/// <param name="PromptTokens">metadata.prompt_tokens (non-negative).</param>
/// <param name="CompletionTokens">metadata.completion_tokens (non-negative).</param>
/// <param name="TotalLatencyMs">metadata.total_latency_ms (finite, non-negative), or NaN when the dialect logs no latency
/// (OpenAI batch output): such a request is left out of latency, throughput and decode figures, never counted as zero.</param>
/// <param name="FirstTokenLatencyMs">metadata.first_token_latency_ms, or NaN when absent (never reported as NaN).</param>
/// <param name="Success">The output is non-empty after trimming whitespace (the article's success).</param>
/// <param name="IsErrorLevel">The line's level is ERROR (or CRITICAL/FATAL).</param>
/// <param name="Flags">Compliance and quality flags.</param>
/// <param name="JsonMode">metadata.json_mode: the request asked for JSON output (denominator of the malformed-JSON rate).</param>
/// <param name="Dialect">The input dialect the request was read from.</param>
/// <param name="ContentAbsent">The request carried no input or output text (OTLP spans without message content): its
/// content flags are not applicable rather than clean, and it is counted in content_flags_not_applicable.</param>
/// <param name="QueueTimeMs">vLLM's queue_time_ms, or NaN when not logged.</param>
/// <param name="MeanItlMs">vLLM's mean_itl_ms (mean inter-token latency), or NaN when not logged.</param>
/// <param name="GpuMemoryMb">GPU memory in MiB (gpu_memory_mb, or gpu_memory_gb × 1024), or NaN when not logged.</param>
/// <param name="TimestampFraction">The part of the logged timestamp after <paramref name="TimestampSeconds"/>, in [0, 1) seconds.</param>
public readonly record struct RequestMetrics(
    long TimestampSeconds,
    string Model,
    string Device,
    long PromptTokens,
    long CompletionTokens,
    double TotalLatencyMs,
    double FirstTokenLatencyMs,
    bool Success,
    bool IsErrorLevel,
    RequestFlags Flags,
    bool JsonMode = false,
    LogDialect Dialect = LogDialect.Article,
    bool ContentAbsent = false,
    double QueueTimeMs = double.NaN,
    double MeanItlMs = double.NaN,
    double GpuMemoryMb = double.NaN,
    double TimestampFraction = 0)
{
    /// <summary>Whether a total latency was logged.</summary>
    public bool HasLatency => !double.IsNaN(TotalLatencyMs);

    /// <summary>Whether a first-token latency was logged.</summary>
    public bool HasFirstTokenLatency => !double.IsNaN(FirstTokenLatencyMs);

    /// <summary>
    /// The article's throughput: completion_tokens / (total_latency_ms / 1000), defined only when total latency &gt; 0.
    /// </summary>
    public bool TryGetThroughput(out double tokensPerSecond)
    {
        if (TotalLatencyMs > 0)
        {
            tokensPerSecond = CompletionTokens / (TotalLatencyMs / 1000.0);

            // The parser bounds latencies and counts so this stays finite; a value built elsewhere that overflows is left out.
            return double.IsFinite(tokensPerSecond);
        }

        tokensPerSecond = 0;
        return false;
    }

    /// <summary>
    /// Decode speed excluding the first-token wait: (completion_tokens − 1) / ((total − first_token) / 1000).
    /// The first token arrives at first_token_latency; the remaining tokens are decoded in the rest of the time.
    /// Defined only with a first-token latency, at least two completion tokens and total &gt; first token.
    /// </summary>
    public bool TryGetDecodeSpeed(out double tokensPerSecond)
    {
        if (HasFirstTokenLatency && CompletionTokens >= 2 && TotalLatencyMs > FirstTokenLatencyMs)
        {
            tokensPerSecond = (CompletionTokens - 1) / ((TotalLatencyMs - FirstTokenLatencyMs) / 1000.0);
            return double.IsFinite(tokensPerSecond);
        }

        tokensPerSecond = 0;
        return false;
    }

    /// <summary>
    /// Time per output token (inter-token latency, ms): vLLM's mean_itl_ms when logged, otherwise
    /// (total − first token) / (completion_tokens − 1), defined with a first-token latency, at least two completion
    /// tokens and total &gt; first token.
    /// </summary>
    public bool TryGetInterTokenLatency(out double milliseconds)
    {
        if (!double.IsNaN(MeanItlMs))
        {
            milliseconds = MeanItlMs;
            return true;
        }

        if (HasFirstTokenLatency && CompletionTokens >= 2 && TotalLatencyMs > FirstTokenLatencyMs)
        {
            milliseconds = (TotalLatencyMs - FirstTokenLatencyMs) / (CompletionTokens - 1);
            return true;
        }

        milliseconds = 0;
        return false;
    }

    /// <summary>
    /// The serving interval in whole epoch seconds [start, end): the logged interval
    /// ([timestamp − total latency, timestamp] when lines are stamped at the end of the response, [timestamp,
    /// timestamp + total latency] when at its start), each end rounded to the nearest second. Empty when the rounded
    /// ends meet. Latencies beyond <paramref name="maxSeconds"/> are clipped to it.
    /// </summary>
    public (long Start, long End) ServingSeconds(bool stampedAtStart, long maxSeconds = 86_400)
    {
        double stamp = TimestampSeconds + TimestampFraction;
        double seconds = HasLatency ? Math.Min(TotalLatencyMs / 1000.0, maxSeconds) : 0;
        double start = stampedAtStart ? stamp : stamp - seconds;
        double end = stampedAtStart ? stamp + seconds : stamp;
        return ((long)Math.Floor(start + 0.5), (long)Math.Floor(end + 0.5));
    }

    /// <summary>The UTC hour bucket (epoch seconds of the hour's start).</summary>
    public long HourStartSeconds => TimestampSeconds - (((TimestampSeconds % 3600) + 3600) % 3600);
}
