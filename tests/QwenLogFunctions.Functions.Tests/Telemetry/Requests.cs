using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Functions.Tests.Telemetry;

/// <summary>Sample requests for telemetry tests.</summary>
internal static class Requests
{
    /// <summary>1.5 s total, 0.5 s to first token, 101 completion tokens: decode speed (101 − 1) / 1 s = 100 tokens/s.</summary>
    public static RequestMetrics Fast(string model = "qwen2.5-7b", RequestFlags flags = RequestFlags.None) =>
        new(1_735_689_600, model, "gpu0", PromptTokens: 20, CompletionTokens: 101, TotalLatencyMs: 1_500, FirstTokenLatencyMs: 500,
            Success: true, IsErrorLevel: false, Flags: flags);
}
