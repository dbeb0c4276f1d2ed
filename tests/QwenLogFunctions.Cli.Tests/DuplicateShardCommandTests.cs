using System.Text.Json;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Cli.Tests;

/// <summary>The same bytes under two file names: analyze and ingest count them once and say so, unless --allow-duplicate-shards.</summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class DuplicateShardCommandTests : IDisposable
{
    private readonly AzuriteFixture _azurite;
    private readonly string _folder = Directory.CreateTempSubdirectory("qwenlog-duplicates-").FullName;

    public DuplicateShardCommandTests(AzuriteFixture azurite) => _azurite = azurite;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Analyze_counts_a_copy_once_warns_and_lists_it()
    {
        string first = Path.Combine(_folder, "a.jsonl"), copy = Path.Combine(_folder, "b.jsonl"), other = Path.Combine(_folder, "c.jsonl");
        await Run(0, "generate", "--lines", "50", "--seed", "5", "--hours", "1", "--out", first);
        await Run(0, "generate", "--lines", "50", "--seed", "6", "--hours", "1", "--out", other);
        File.Copy(first, copy);

        var (single, _) = await Run(0, "analyze", first, other, "--format", "json");
        var (both, warning) = await Run(0, "analyze", first, copy, other, "--format", "json");

        Assert.Contains($"qwenlog: warning: {copy} has the same content as {first}: counted once", warning, StringComparison.Ordinal);
        using var expected = JsonDocument.Parse(single);
        using var report = JsonDocument.Parse(both);
        Assert.Equal(
            expected.RootElement.GetProperty("summary").GetProperty("total_requests").GetInt64(),
            report.RootElement.GetProperty("summary").GetProperty("total_requests").GetInt64());
        var duplicate = Assert.Single(report.RootElement.GetProperty("duplicate_shards").EnumerateArray());
        Assert.Equal(copy, duplicate.GetProperty("shard").GetString());
        Assert.Equal(first, duplicate.GetProperty("duplicate_of").GetString());
        Assert.Equal(0, expected.RootElement.GetProperty("duplicate_shards").GetArrayLength());

        var (allowed, _) = await Run(0, "analyze", first, copy, "--format", "json", "--allow-duplicate-shards");
        using var twice = JsonDocument.Parse(allowed);
        Assert.Equal(100, twice.RootElement.GetProperty("summary").GetProperty("total_requests").GetInt64());
    }

    [Fact]
    public async Task Ingest_records_a_copy_as_a_duplicate_unless_allowed()
    {
        string data = Path.Combine(_folder, "data");
        string first = Path.Combine(data, "a.jsonl");
        await Run(0, "generate", "--lines", "50", "--seed", "7", "--hours", "1", "--out", first);
        File.Copy(first, Path.Combine(data, "b.jsonl"));

        string prefix = AzuriteFixture.UniqueName("d");
        var (stdout, _) = await Run(0, "ingest", data, "--connection", _azurite.ConnectionString, "--table-prefix", prefix);
        Assert.Contains("duplicate  b.jsonl (", stdout, StringComparison.Ordinal);
        Assert.Contains(": the same content as a.jsonl, counted once", stdout, StringComparison.Ordinal);
        Assert.Contains("2 shard(s): 1 ingested, 0 unchanged, 1 duplicate, 0 skipped", stdout, StringComparison.Ordinal);

        string allowedPrefix = AzuriteFixture.UniqueName("d");
        (stdout, _) = await Run(0, "ingest", data, "--connection", _azurite.ConnectionString, "--table-prefix", allowedPrefix, "--allow-duplicate-shards");
        Assert.Contains("2 shard(s): 2 ingested, 0 unchanged, 0 duplicate, 0 skipped", stdout, StringComparison.Ordinal);
    }

    private static async Task<(string StdOut, string StdErr)> Run(int expectedExit, params string[] arguments)
    {
        var (exit, stdout, stderr) = await QwenlogProcess.RunAsync(arguments);
        Assert.True(exit == expectedExit, $"qwenlog {arguments[0]} exited {exit}: {stderr}");
        return (stdout, stderr);
    }
}
