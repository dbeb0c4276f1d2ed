using System.Text.Json;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Cli.Tests;

public sealed class EvalRulesCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qwenlog-eval-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Prints_precision_and_recall_per_flag_and_language_as_json()
    {
        var (exit, stdout, stderr) = await QwenlogProcess.RunAsync("eval-rules", "--corpus", RepositoryPaths.Combine("tests", "eval-corpus"), "--format", "json");

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stderr);
        using var json = JsonDocument.Parse(stdout);
        var injection = json.RootElement.EnumerateArray().Single(e => e.GetProperty("flag").GetString() == "prompt_injection");
        Assert.True(injection.GetProperty("overall").GetProperty("recall").GetDouble() >= 0.85);
        Assert.True(injection.GetProperty("by_language").TryGetProperty("zh", out _));
    }

    [Fact]
    public async Task Counts_a_small_corpus_exactly_in_the_table()
    {
        await File.WriteAllLinesAsync(Path.Combine(_folder, "refusal.jsonl"),
        [
            """{"text": "I'm sorry, I can't help with that.", "label": true, "language": "en"}""",
            """{"text": "Sure, here is the poem.", "label": false, "language": "en"}""",
        ]);

        var (exit, stdout, _) = await QwenlogProcess.RunAsync("eval-rules", "--corpus", _folder);

        Assert.Equal(0, exit);
        Assert.Contains("refusal", stdout, StringComparison.Ordinal);
        Assert.Contains("1.000   1.000", stdout, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_missing_corpus_or_a_bad_line_is_a_clear_error()
    {
        var (exit, _, stderr) = await QwenlogProcess.RunAsync("eval-rules", "--corpus", Path.Combine(_folder, "nope"));
        Assert.Equal(2, exit);
        Assert.Contains("does not exist", stderr, StringComparison.Ordinal);

        await File.WriteAllTextAsync(Path.Combine(_folder, "refusal.jsonl"), "{not json\n");
        (exit, _, stderr) = await QwenlogProcess.RunAsync("eval-rules", "--corpus", _folder);
        Assert.Equal(2, exit);
        Assert.Contains("refusal.jsonl:1", stderr, StringComparison.Ordinal);
    }
}
