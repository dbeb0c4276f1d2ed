namespace QwenLogFunctions.Storage.Queries;

/// <summary>One stored request as the drill-down returns it: metadata, flags and redacted previews, never full texts.</summary>
public sealed class RequestSummary
{
    /// <summary>Shard holding the full line.</summary>
    public required string Shard { get; init; }

    /// <summary>Line number in the shard.</summary>
    public long Line { get; init; }

    /// <summary>request_id as logged (clipped at 32,000 characters; see <see cref="RequestIdLength"/>).</summary>
    public required string RequestId { get; init; }

    /// <summary>Full length of the request id.</summary>
    public int RequestIdLength { get; init; }

    /// <summary>Time of the request (UTC).</summary>
    public DateTimeOffset Timestamp { get; init; }

    /// <summary>Log level.</summary>
    public string? Level { get; init; }

    /// <summary>Model name.</summary>
    public string? Model { get; init; }

    /// <summary>Device name.</summary>
    public string? Device { get; init; }

    /// <summary>Prompt tokens.</summary>
    public long PromptTokens { get; init; }

    /// <summary>Completion tokens.</summary>
    public long CompletionTokens { get; init; }

    /// <summary>Total latency (ms); null when the dialect logs none (OpenAI batch output).</summary>
    public double? TotalLatencyMs { get; init; }

    /// <summary>First-token latency (ms), when logged.</summary>
    public double? FirstTokenLatencyMs { get; init; }

    /// <summary>Non-empty output.</summary>
    public bool Success { get; init; }

    /// <summary>Flag names.</summary>
    public IReadOnlyList<string> Flags { get; init; } = [];

    /// <summary>"flag/category" of each categorized detection ("prompt_injection/role_switch"); empty for rows written before categories existed.</summary>
    public IReadOnlyList<string> FlagCategories { get; init; } = [];

    /// <summary>vLLM finish_reason, when logged.</summary>
    public string? FinishReason { get; init; }

    /// <summary>Full input length (characters).</summary>
    public int InputLength { get; init; }

    /// <summary>Full output length (characters).</summary>
    public int OutputLength { get; init; }

    /// <summary>SHA-256 of the full input.</summary>
    public string? InputSha256 { get; init; }

    /// <summary>SHA-256 of the full output.</summary>
    public string? OutputSha256 { get; init; }

    /// <summary>Redacted start of the input.</summary>
    public string? InputPreview { get; init; }

    /// <summary>Redacted start of the output.</summary>
    public string? OutputPreview { get; init; }
}
