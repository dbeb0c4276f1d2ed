using System.Text.Json;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Cli.Tests;

public sealed class AuditSampleCommandTests : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qwenlog-audit-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task The_sample_is_deterministic_and_nested_by_rate()
    {
        string sample = RepositoryPaths.Combine("samples", "qwen-sample.jsonl");
        var first = await QwenlogProcess.RunAsync("audit-sample", sample, "--rate", "0.05");
        var second = await QwenlogProcess.RunAsync("audit-sample", sample, "--rate", "0.05");
        Assert.Equal(0, first.ExitCode);
        Assert.Equal(first.StdOut, second.StdOut);

        using var small = JsonDocument.Parse(first.StdOut);
        using var large = JsonDocument.Parse((await QwenlogProcess.RunAsync("audit-sample", sample, "--rate", "0.2")).StdOut);
        using var analysis = JsonDocument.Parse((await QwenlogProcess.RunAsync("analyze", sample, "--format", "json")).StdOut);
        long accepted = analysis.RootElement.GetProperty("lines").GetProperty("accepted").GetInt64();
        Assert.Equal(accepted, small.RootElement.GetProperty("requests_considered").GetInt64());

        var smallIds = Ids(small);
        var largeIds = Ids(large);
        Assert.InRange(smallIds.Count, accepted * 0.02, accepted * 0.08);
        Assert.InRange(largeIds.Count, accepted * 0.15, accepted * 0.25);
        Assert.Subset(largeIds.ToHashSet(StringComparer.Ordinal), smallIds.ToHashSet(StringComparer.Ordinal));
        Assert.Equal(smallIds.Count, small.RootElement.GetProperty("count").GetInt32());
    }

    [Fact]
    public async Task Csv_has_a_header_and_one_row_per_sampled_request_and_can_go_to_a_file()
    {
        string sample = RepositoryPaths.Combine("samples", "qwen-sample.jsonl");
        string output = Path.Combine(_folder, "audit.csv");
        var (exit, stdout, _) = await QwenlogProcess.RunAsync("audit-sample", sample, "--rate", "1", "--format", "csv", "--out", output);

        Assert.Equal(0, exit);
        Assert.Equal(string.Empty, stdout);
        string csv = await File.ReadAllTextAsync(output);
        Assert.StartsWith("request_id,timestamp,model,shard,line,flags,input_preview,output_preview", csv, StringComparison.Ordinal);
        using var json = JsonDocument.Parse((await QwenlogProcess.RunAsync("audit-sample", sample, "--rate", "1")).StdOut);
        Assert.Equal(json.RootElement.GetProperty("requests_considered").GetInt64(), json.RootElement.GetProperty("count").GetInt64());
    }

    [Fact]
    public async Task A_bad_rate_fails_with_one_line()
    {
        var (exit, stdout, stderr) = await QwenlogProcess.RunAsync("audit-sample", RepositoryPaths.Combine("samples", "qwen-sample.jsonl"), "--rate", "2");

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("qwenlog: error: The audit sampling rate must be greater than 0 and at most 1", stderr, StringComparison.Ordinal);
    }

    private static List<string> Ids(JsonDocument sample) =>
        [.. sample.RootElement.GetProperty("items").EnumerateArray().Select(item => item.GetProperty("request_id").GetString()!)];
}
