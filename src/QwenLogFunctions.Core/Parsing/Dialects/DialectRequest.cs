namespace QwenLogFunctions.Core.Parsing.Dialects;

/// <summary>
/// One request as a dialect mapper read it, before the rules run: the same fields the article's schema has, with
/// absent measures as NaN and absent texts marked so their flags are "not applicable" instead of clean.
/// </summary>
internal sealed class DialectRequest
{
    public string? RequestId { get; set; }

    public string? Model { get; set; }

    public string? Device { get; set; }

    public bool IsError { get; set; }

    public double TimestampSeconds { get; set; }

    public long PromptTokens { get; set; }

    public long CompletionTokens { get; set; }

    /// <summary>Total tokens as logged; -1 when not logged (prompt + completion is used).</summary>
    public long TotalTokens { get; set; } = -1;

    public double TotalLatencyMs { get; set; } = double.NaN;

    public double FirstTokenLatencyMs { get; set; } = double.NaN;

    public double QueueTimeMs { get; set; } = double.NaN;

    public double Temperature { get; set; } = double.NaN;

    /// <summary>The prompt the rules judge: the last user message.</summary>
    public string Input { get; set; } = string.Empty;

    /// <summary>The whole conversation (every message's text), searched for prompt injection as well as the input.</summary>
    public string? Conversation { get; set; }

    /// <summary>The answer the rules judge: the message content, with structured tool calls rendered as Hermes markup.</summary>
    public string Output { get; set; } = string.Empty;

    /// <summary>The log carries no input text (OpenAI batch output, OTLP spans without content): input flags do not apply.</summary>
    public bool InputAbsent { get; set; }

    /// <summary>The log carries no output text (OTLP spans without content): output flags do not apply.</summary>
    public bool OutputAbsent { get; set; }

    public bool JsonMode { get; set; }

    public bool FunctionCalling { get; set; }

    public string? FinishReason { get; set; }

    /// <summary>The answer is only tool calls (no text): there is no JSON answer to check, so malformed_json does not apply.</summary>
    public bool AnswerIsToolCallsOnly { get; set; }
}
