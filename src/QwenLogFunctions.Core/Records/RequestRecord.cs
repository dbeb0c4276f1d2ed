namespace QwenLogFunctions.Core.Records;

/// <summary>
/// Everything kept about one accepted request for storage and drill-downs: its metrics and flags, the fields
/// of the log line, and redacted previews of its texts with their full lengths and hashes. Full texts are not
/// kept; <see cref="Shard"/> and <see cref="LineNumber"/> say where they live.
/// </summary>
public sealed class RequestRecord
{
    /// <summary>Shard (blob or file) name the line came from.</summary>
    public required string Shard { get; init; }

    /// <summary>1-based line number in the shard.</summary>
    public required long LineNumber { get; init; }

    /// <summary>0-based position of the request among those of its line: always 0 except for OTLP, where a line holds many spans.</summary>
    public int RecordIndex { get; init; }

    /// <summary>request_id as logged, or a synthesized "{shard}#L{line}" when the line had none.</summary>
    public required string RequestId { get; init; }

    /// <summary>Whether <see cref="RequestId"/> was synthesized.</summary>
    public bool RequestIdSynthesized { get; init; }

    /// <summary>Log level as written ("INFO" when absent).</summary>
    public required string Level { get; init; }

    /// <summary>Metrics and flags.</summary>
    public required RequestMetrics Metrics { get; init; }

    /// <summary>metadata.total_tokens when logged, otherwise prompt + completion.</summary>
    public long TotalTokens { get; init; }

    /// <summary>metadata.temperature, when logged.</summary>
    public double? Temperature { get; init; }

    /// <summary>metadata.function_calling.</summary>
    public bool FunctionCalling { get; init; }

    /// <summary>metadata.json_mode.</summary>
    public bool JsonMode { get; init; }

    /// <summary>vLLM's finish_reason (stop, length, abort, ...), when logged.</summary>
    public string? FinishReason { get; init; }

    /// <summary>vLLM's queue_time_ms, when logged.</summary>
    public double? QueueTimeMs { get; init; }

    /// <summary>vLLM's mean_itl_ms (mean inter-token latency), when logged.</summary>
    public double? MeanInterTokenLatencyMs { get; init; }

    /// <summary>The server's own tokens_per_second, when logged.</summary>
    public double? ReportedTokensPerSecond { get; init; }

    /// <summary>GPU memory in use, in MiB (gpu_memory_mb, or gpu_memory_gb × 1024), when logged.</summary>
    public double? GpuMemoryMb { get; init; }

    /// <summary>Length of the full input in UTF-16 characters.</summary>
    public int InputLength { get; init; }

    /// <summary>Length of the full output in UTF-16 characters.</summary>
    public int OutputLength { get; init; }

    /// <summary>Hex SHA-256 of the full input's UTF-8 bytes.</summary>
    public required string InputSha256 { get; init; }

    /// <summary>Hex SHA-256 of the full output's UTF-8 bytes.</summary>
    public required string OutputSha256 { get; init; }

    /// <summary>Start of the input with detected PII and secrets masked.</summary>
    public required string InputPreview { get; init; }

    /// <summary>Start of the output with detected PII and secrets masked.</summary>
    public required string OutputPreview { get; init; }

    /// <summary>
    /// What each detection is, as "flag/category" ("prompt_injection/instruction_override", "refusal/apology"), for
    /// drill-downs; empty when no categorized flag is raised.
    /// </summary>
    public IReadOnlyList<string> FlagCategories { get; init; } = [];
}
