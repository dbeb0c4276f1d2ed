using System.Text;
using System.Text.Json;

namespace QwenLogFunctions.TestUtility;

/// <summary>
/// Hand-written JSONL lines in the article's schema, for tests that need exact timestamps, outputs and latencies
/// (<see cref="SampleShard"/> generates random ones).
/// </summary>
public static class ArticleLogLines
{
    /// <summary>
    /// One request line; an empty <paramref name="output"/> makes an empty response (no completion tokens). The input
    /// defaults to "问题 " and the request id.
    /// </summary>
    public static string Line(
        string requestId,
        DateTimeOffset time,
        string output,
        double latencyMs = 800,
        string model = "qwen2.5-7b-instruct",
        string? input = null,
        int promptTokens = 12,
        int completionTokens = 400)
    {
        var line = new Dictionary<string, object?>
        {
            ["timestamp"] = time.ToUnixTimeMilliseconds() / 1000.0,
            ["level"] = "INFO",
            ["request_id"] = requestId,
            ["model"] = model,
            ["input"] = input ?? "问题 " + requestId,
            ["output"] = output,
            ["metadata"] = new Dictionary<string, object?>
            {
                ["prompt_tokens"] = promptTokens,
                ["completion_tokens"] = output.Length == 0 ? 0 : completionTokens,
                ["total_latency_ms"] = latencyMs,
                ["first_token_latency_ms"] = 150.0,
                ["device"] = "a100",
            },
        };
        return JsonSerializer.Serialize(line) + "\n";
    }

    /// <summary>The lines as UTF-8 bytes.</summary>
    public static byte[] Bytes(IEnumerable<string> lines) => Encoding.UTF8.GetBytes(string.Concat(lines));
}
