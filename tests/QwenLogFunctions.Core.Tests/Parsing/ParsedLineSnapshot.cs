using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>Everything a parsed line holds, as one string: two parses agree when their snapshots are equal.</summary>
internal static class ParsedLineSnapshot
{
    public static string Of(ParsedLine p) => string.Join(
        "|",
        p.InputSpan.ToString(), p.OutputSpan.ToString(), p.InputRef, p.OutputRef, p.Timestamp, p.TimestampText, p.Level, p.RequestId, p.Model, p.Device,
        p.FinishReason, p.NumericRequestId, p.PromptTokens, p.CompletionTokens, p.TotalTokens, p.TotalLatencyMs, p.FirstTokenLatencyMs, p.Temperature,
        p.QueueTimeMs, p.MeanItlMs, p.TokensPerSecond, p.GpuMemoryMb, p.FunctionCalling, p.JsonMode, p.HasTimestamp, p.HasInput, p.HasOutput,
        p.HasMetadata, p.HasPromptTokens, p.HasCompletionTokens, p.HasLatency);
}
