using System.Text.Json;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Cli.Tests;

/// <summary>Every usage error is one line "qwenlog: error: …" naming the option as typed (issue 16, items 2, 3 and 6).</summary>
public sealed class UsageErrorTests
{
    private static readonly string Sample = QwenLogFunctions.TestUtility.RepositoryPaths.Combine("samples", "qwen-sample.jsonl");

    public static TheoryData<string[], string> BadOptions() => new()
    {
        { ["analyze", "samples/qwen-sample.jsonl", "--format", "xml"], "--format" },
        { ["report", "--format", "xml", "--connection", "UseDevelopmentStorage=true"], "--format" },
        { ["audit-sample", "samples/qwen-sample.jsonl", "--format", "xml"], "--format" },
        { ["generate", "--lines", "10", "--out", "x.jsonl", "--broken-share", "2"], "--broken-share must be" },
        { ["generate", "--lines", "10", "--out", "x.jsonl", "--hours", "0"], "--hours must be" },
        { ["generate", "--lines", "10", "--out", "x.jsonl", "--avg-bytes", "-5"], "--avg-bytes must be" },
        { ["generate", "--lines", "-1", "--out", "x.jsonl"], "--lines must be" },
        { ["generate", "--lines", "10", "--out", "x.jsonl", "--shards", "0"], "--shards must be" },
    };

    [Theory]
    [MemberData(nameof(BadOptions))]
    public async Task A_bad_option_value_is_one_line_naming_the_option(string[] arguments, string expected)
    {
        var (exit, stdout, stderr) = await QwenlogProcess.RunAsync(arguments);

        Assert.Equal(2, exit);
        Assert.Empty(stdout);
        string line = Assert.Single(stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries));
        Assert.StartsWith("qwenlog: error: ", line, StringComparison.Ordinal);
        Assert.Contains(expected, line, StringComparison.Ordinal);
        Assert.DoesNotContain("BrokenLineShare", line, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_table_rates_malformed_json_over_json_mode_requests_like_the_html_page_and_says_so()
    {
        var (_, json, _) = await QwenlogProcess.RunAsync("analyze", Sample, "--format", "json");
        var root = JsonDocument.Parse(json).RootElement;
        double share = (double)root.GetProperty("flags").GetProperty("malformed_json").GetInt64() / root.GetProperty("summary").GetProperty("json_mode_requests").GetInt64();
        double phone = (double)root.GetProperty("flags").GetProperty("pii_phone").GetInt64() / root.GetProperty("summary").GetProperty("total_requests").GetInt64();

        var (exit, table, _) = await QwenlogProcess.RunAsync("analyze", Sample);

        Assert.Equal(0, exit);
        Assert.Matches($@"malformed_json\s*│\s*26\s*│\s*{(share * 100).ToString("F1", System.Globalization.CultureInfo.InvariantCulture)}%\s*│\s*json_mode requests", table);
        Assert.Matches($@"pii_phone\s*│\s*20\s*│\s*{(phone * 100).ToString("F1", System.Globalization.CultureInfo.InvariantCulture)}%\s*│\s*all requests", table);
    }

    [Fact]
    public async Task Generate_reports_the_counts_analyze_will_see()
    {
        string folder = Directory.CreateTempSubdirectory("qwenlog-gen-").FullName;
        try
        {
            string file = Path.Combine(folder, "s.jsonl");
            var (exit, stdout, _) = await QwenlogProcess.RunAsync("generate", "--lines", "2000", "--out", file, "--seed", "42", "--hours", "6", "--broken-share", "0.005");
            Assert.Equal(0, exit);
            var (_, json, _) = await QwenlogProcess.RunAsync("analyze", file, "--format", "json");
            var lines = JsonDocument.Parse(json).RootElement.GetProperty("lines");
            Assert.Contains(
                $"analyze counts {lines.GetProperty("accepted").GetInt64():N0} accepted, {lines.GetProperty("rejected").GetInt64():N0} rejected, {lines.GetProperty("blank").GetInt64():N0} blank;",
                stdout,
                StringComparison.Ordinal);
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
