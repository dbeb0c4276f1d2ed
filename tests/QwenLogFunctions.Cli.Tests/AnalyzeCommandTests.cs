using System.Text.Json;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Cli.Tests;

public sealed class AnalyzeCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qwenlog-cli-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Json_output_has_the_documented_schema()
    {
        string shard = Write("a.jsonl",
            """{"timestamp": 1735689600, "level": "INFO", "request_id": "r1", "model": "qwen2.5-7b-instruct", "input": "写一首诗", "output": "春眠不觉晓", "metadata": {"prompt_tokens": 10, "completion_tokens": 20, "total_tokens": 30, "first_token_latency_ms": 100, "total_latency_ms": 1000, "device": "cuda:0", "temperature": 0.7, "function_calling": false, "json_mode": false}}""",
            "",
            "{broken",
            """{"timestamp": 1735693200, "level": "INFO", "request_id": "r2", "model": "qwen2.5-7b-instruct", "input": "hi", "output": "", "metadata": {"prompt_tokens": 2, "completion_tokens": 0, "total_tokens": 2, "first_token_latency_ms": 50, "total_latency_ms": 60, "device": "cuda:0", "temperature": 0.7, "function_calling": false, "json_mode": false}}""");

        var (exit, stdout, _) = await QwenlogProcess.RunAsync("analyze", shard, "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        Assert.Equal(4, root.GetProperty("lines").GetProperty("total").GetInt64());
        Assert.Equal(2, root.GetProperty("lines").GetProperty("accepted").GetInt64());
        Assert.Equal(1, root.GetProperty("lines").GetProperty("rejected").GetInt64());
        Assert.Equal(1, root.GetProperty("lines").GetProperty("blank").GetInt64());
        var reject = root.GetProperty("rejects")[0];
        Assert.Equal(shard, reject.GetProperty("shard").GetString());
        Assert.Equal(3, reject.GetProperty("line").GetInt64());
        Assert.StartsWith("invalid JSON", reject.GetProperty("reason").GetString(), StringComparison.Ordinal);

        var summary = root.GetProperty("summary");
        Assert.Equal(2, summary.GetProperty("total_requests").GetInt64());
        Assert.Equal(6, summary.GetProperty("avg_prompt_tokens").GetDouble());
        Assert.Equal(10, summary.GetProperty("avg_completion_tokens").GetDouble());
        Assert.Equal(0.5, summary.GetProperty("success_rate").GetDouble());
        Assert.Equal(1000, summary.GetProperty("latency_ms").GetProperty("p95").GetDouble());
        Assert.Equal(100, summary.GetProperty("first_token_latency_ms").GetProperty("p99").GetDouble());
        Assert.Equal(10, summary.GetProperty("throughput_tps").GetProperty("mean").GetDouble());
        Assert.True(summary.GetProperty("decode_tps").TryGetProperty("mean", out _));
        Assert.Equal(1, root.GetProperty("flags").GetProperty("empty_response").GetInt64());

        var hourly = root.GetProperty("hourly");
        Assert.Equal(2, hourly.GetArrayLength());
        Assert.Equal("2025-01-01T00:00:00Z", hourly[0].GetProperty("hour").GetString());
        Assert.Equal(1, hourly[0].GetProperty("total_requests").GetInt64());
        Assert.Equal(1000, hourly[0].GetProperty("latency_ms").GetProperty("p95").GetDouble());
        Assert.Equal(20, hourly[0].GetProperty("throughput_tps").GetProperty("mean").GetDouble());
        Assert.Equal("2025-01-01T01:00:00Z", hourly[1].GetProperty("hour").GetString());
    }

    [Fact]
    public async Task Gpu_prices_give_cost_figures_and_a_malformed_price_exits_2_naming_it()
    {
        // Stamped at 00:00:30 after 10 s on cuda:0 at 2.5 USD per GPU-hour: 10 busy seconds, 2.5 USD for 30 tokens.
        string shard = Write("cost.jsonl",
            """{"timestamp": 1735689630, "input": "a", "output": "b", "metadata": {"prompt_tokens": 10, "completion_tokens": 20, "total_latency_ms": 10000, "device": "cuda:0", "queue_time_ms": 7}}""");

        var (exit, stdout, _) = await QwenlogProcess.RunAsync("analyze", shard, "--format", "json", "--gpu-price", "cuda:0=2.5", "--gpu-price", "*=1", "--currency", "USD");
        Assert.Equal(0, exit);
        var summary = JsonDocument.Parse(stdout).RootElement.GetProperty("summary");
        var cost = summary.GetProperty("cost");
        Assert.Equal(10, cost.GetProperty("busy_seconds").GetInt64());
        Assert.Equal(2.5, cost.GetProperty("total").GetDouble());
        Assert.Equal(2.5 / 30 * 1_000_000, cost.GetProperty("per_million_tokens").GetDouble(), 6);
        Assert.Equal("USD", cost.GetProperty("currency").GetString());
        Assert.Equal(7, summary.GetProperty("queue_time_ms").GetProperty("p99").GetDouble());

        (exit, stdout, var stderr) = await QwenlogProcess.RunAsync("analyze", shard, "--gpu-price", "cuda:0");
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("'cuda:0' is not DEVICE=PRICE", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Folders_and_globs_expand_to_shards()
    {
        string line = """{"timestamp": 1735689600, "input": "a", "output": "b", "metadata": {"prompt_tokens": 1, "completion_tokens": 1, "total_latency_ms": 5}}""";
        Write("one.jsonl", line);
        Write("two.jsonl", line, line);
        Write("ignored.txt", line);

        var (exit, stdout, _) = await QwenlogProcess.RunAsync("analyze", _folder, "--format", "json");
        Assert.Equal(0, exit);
        Assert.Equal(3, JsonDocument.Parse(stdout).RootElement.GetProperty("summary").GetProperty("total_requests").GetInt64());

        (exit, stdout, _) = await QwenlogProcess.RunAsync("analyze", Path.Combine(_folder, "t*.jsonl"), "--format", "json");
        Assert.Equal(0, exit);
        Assert.Equal(2, JsonDocument.Parse(stdout).RootElement.GetProperty("summary").GetProperty("total_requests").GetInt64());
    }

    [Fact]
    public async Task Missing_input_fails_with_one_line_and_a_non_zero_exit()
    {
        var (exit, stdout, stderr) = await QwenlogProcess.RunAsync("analyze", Path.Combine(_folder, "nope.jsonl"));

        Assert.NotEqual(0, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal($"qwenlog: error: no such file or folder: {Path.Combine(_folder, "nope.jsonl")}", stderr.Trim());
    }

    [Fact]
    public async Task A_shard_of_only_broken_lines_still_exits_zero()
    {
        string shard = Write("bad.jsonl", "x", "[1]", "{\"a\":");
        var (exit, stdout, _) = await QwenlogProcess.RunAsync("analyze", shard, "--format", "json");

        Assert.Equal(0, exit);
        Assert.Equal(3, JsonDocument.Parse(stdout).RootElement.GetProperty("lines").GetProperty("rejected").GetInt64());
    }

    [Fact]
    public async Task The_committed_sample_has_a_human_report()
    {
        var (exit, stdout, _) = await QwenlogProcess.RunAsync("analyze", RepositoryPaths.Combine("samples", "qwen-sample.jsonl"));

        Assert.Equal(0, exit);
        Assert.Contains("Total requests", stdout, StringComparison.Ordinal);
        Assert.Contains("empty_response", stdout, StringComparison.Ordinal);
    }

    private string Write(string name, params string[] lines)
    {
        string path = Path.Combine(_folder, name);
        File.WriteAllText(path, string.Join("\n", lines) + "\n");
        return path;
    }
}
