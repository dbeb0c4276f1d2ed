using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Statistics;

namespace QwenLogFunctions.Core.Tests;

/// <summary>Builds log lines and shards for tests.</summary>
internal static class LogLines
{
    public const long Hour0 = 1735689600; // 2025-01-01T00:00:00Z

    public static string Line(
        string input = "你好",
        string output = "你好！有什么可以帮您？",
        long timestamp = Hour0 + 10,
        double latency = 1000,
        double? firstToken = 200,
        long prompt = 10,
        long completion = 50,
        bool jsonMode = false,
        bool functionCalling = false,
        string model = "qwen2.5-7b-instruct",
        string level = "INFO",
        string? requestId = "req-1",
        Action<JsonObject>? edit = null)
    {
        var metadata = new JsonObject
        {
            ["prompt_tokens"] = prompt,
            ["completion_tokens"] = completion,
            ["total_tokens"] = prompt + completion,
            ["total_latency_ms"] = latency,
            ["device"] = "cuda:0",
            ["temperature"] = 0.7,
            ["function_calling"] = functionCalling,
            ["json_mode"] = jsonMode,
        };
        if (firstToken is { } ft)
        {
            metadata["first_token_latency_ms"] = ft;
        }

        var line = new JsonObject
        {
            ["timestamp"] = timestamp,
            ["level"] = level,
            ["model"] = model,
            ["input"] = input,
            ["output"] = output,
            ["metadata"] = metadata,
        };
        if (requestId is not null)
        {
            line["request_id"] = requestId;
        }

        edit?.Invoke(line);
        return line.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
    }

    public static byte[] Shard(params string[] lines) => Encoding.UTF8.GetBytes(string.Join("\n", lines) + "\n");

    public static byte[] Gzip(byte[] content)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest, leaveOpen: true))
        {
            gzip.Write(content);
        }

        return buffer.ToArray();
    }

    public static ShardSource Source(string name, byte[] content) => new(name, () => new MemoryStream(content), content.Length);

    public static ReportAccumulator Analyze(byte[] content, AnalyzerOptions? options = null, string name = "s.jsonl") =>
        new ShardAnalyzer(options ?? new AnalyzerOptions()).Analyze([Source(name, content)], exactPercentiles: true);

    public static async Task<List<ShardEntry>> ReadDetailedAsync(byte[] content, AnalyzerOptions? options = null, string name = "s.jsonl")
    {
        var entries = new List<ShardEntry>();
        await foreach (var entry in new DetailedShardReader(options ?? new AnalyzerOptions()).ReadAsync(new MemoryStream(content), name))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
