using System.Text.Json;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Cli.Tests;

public sealed class AnalyzeDialectTests
{
    [Fact]
    public async Task A_folder_of_dialect_samples_reports_requests_per_dialect_including_json_files()
    {
        var (exit, stdout, _) = await QwenlogProcess.RunAsync("analyze", RepositoryPaths.Combine("samples", "dialects"), "--format", "json");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        var root = json.RootElement;
        var dialects = root.GetProperty("dialects");
        Assert.Equal(6, dialects.GetProperty("litellm").GetInt64()); // five lines and one .json file
        Assert.Equal(4, dialects.GetProperty("openai-batch").GetInt64());
        Assert.Equal(5, dialects.GetProperty("otlp").GetInt64());
        Assert.Equal(5, root.GetProperty("lines").GetProperty("spans").GetInt64());
        Assert.Equal(3, root.GetProperty("summary").GetProperty("content_flags_not_applicable").GetInt64());
        Assert.Contains(root.GetProperty("shards").EnumerateArray(), s => s.GetString()!.EndsWith("litellm-single.json", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Dialect_override_applies_to_every_shard_and_a_bad_value_is_refused()
    {
        string sample = RepositoryPaths.Combine("samples", "dialects", "openai-batch.jsonl");
        var (exit, stdout, _) = await QwenlogProcess.RunAsync("analyze", sample, "--format", "json", "--dialect", "litellm");

        Assert.Equal(0, exit);
        using var json = JsonDocument.Parse(stdout);
        Assert.Equal(0, json.RootElement.GetProperty("lines").GetProperty("accepted").GetInt64());
        Assert.All(json.RootElement.GetProperty("rejects").EnumerateArray(),
            r => Assert.Equal("litellm: missing required field 'prompt_tokens'", r.GetProperty("reason").GetString()));

        var (badExit, _, stderr) = await QwenlogProcess.RunAsync("analyze", sample, "--dialect", "jsonl");
        Assert.Equal(2, badExit);
        Assert.Contains("jsonl", stderr, StringComparison.Ordinal);
    }
}
