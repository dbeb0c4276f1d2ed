using System.Globalization;
using System.Text.Json;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Cli.Tests;

/// <summary>
/// generate → ingest → aggregate → report against a real Azurite, checked against analyze on the same files
/// (issue 3's "done when", scaled down). Each test has its own table prefix in the shared Azurite.
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class PipelineCommandsTests : IDisposable
{
    private const string From = "2025-01-01T00:00:00Z";
    private const string To = "2025-01-02T00:00:00Z";

    private readonly AzuriteFixture _azurite;
    private readonly string _folder = Directory.CreateTempSubdirectory("qwenlog-pipeline-").FullName;
    private readonly string _prefix = AzuriteFixture.UniqueName("t");

    public PipelineCommandsTests(AzuriteFixture azurite) => _azurite = azurite;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [Fact]
    public async Task Report_after_ingest_and_aggregate_equals_analyze_and_ingesting_again_changes_nothing()
    {
        string data = Path.Combine(_folder, "data");
        await QwenlogProcess.SucceedsAsync("generate", "--lines", "2000", "--shards", "2", "--seed", "11", "--hours", "3", "--broken-share", "0.01", "--out", Path.Combine(data, "plain.jsonl"));
        await QwenlogProcess.SucceedsAsync("generate", "--lines", "1000", "--gzip", "--seed", "99", "--hours", "3", "--broken-share", "0.01", "--out", Path.Combine(data, "zipped.jsonl.gz"));
        using var analysis = JsonDocument.Parse(await QwenlogProcess.SucceedsAsync("analyze", data, "--format", "json"));
        Assert.InRange(analysis.RootElement.GetProperty("lines").GetProperty("rejected").GetInt64(), 5, 100);

        string ingested = await QwenlogProcess.SucceedsAsync(Storage("ingest", data));
        Assert.Contains("3 shard(s): 3 ingested, 0 unchanged", ingested, StringComparison.Ordinal);
        Assert.Contains("ingested   zipped.jsonl.gz", ingested, StringComparison.Ordinal);
        Assert.Contains("merged 3 hour(s)", await QwenlogProcess.SucceedsAsync(Storage("aggregate")), StringComparison.Ordinal);
        string reportJson = await QwenlogProcess.SucceedsAsync(Storage("report", "--from", From, "--to", To));

        using (var report = JsonDocument.Parse(reportJson))
        {
            ReportAssert.AssertSameFigures(analysis.RootElement, report.RootElement);

            // range: first hour seen / end of the last hour, in both (not the requested --from/--to).
            Assert.Equal("2025-01-01T00:00:00Z", report.RootElement.GetProperty("range").GetProperty("from").GetString());
            Assert.Equal(analysis.RootElement.GetProperty("range").GetProperty("from").GetString(), report.RootElement.GetProperty("range").GetProperty("from").GetString());
            Assert.Equal(analysis.RootElement.GetProperty("range").GetProperty("to").GetString(), report.RootElement.GetProperty("range").GetProperty("to").GetString());
            Assert.NotEqual(To, report.RootElement.GetProperty("range").GetProperty("to").GetString());
        }

        // The same files again: nothing written, nothing to merge, the same bytes.
        Assert.Contains("0 ingested, 3 unchanged", await QwenlogProcess.SucceedsAsync(Storage("ingest", data)), StringComparison.Ordinal);
        Assert.Contains("no changed hours", await QwenlogProcess.SucceedsAsync(Storage("aggregate")), StringComparison.Ordinal);
        Assert.Equal(reportJson, await QwenlogProcess.SucceedsAsync(Storage("report", "--from", From, "--to", To)));

        // Forced: every row rewritten and every hour merged again, still the same report.
        Assert.Contains("3 ingested, 0 unchanged", await QwenlogProcess.SucceedsAsync(Storage("ingest", data, "--force")), StringComparison.Ordinal);
        Assert.Contains("merged 3 hour(s)", await QwenlogProcess.SucceedsAsync(Storage("aggregate")), StringComparison.Ordinal);
        Assert.Equal(reportJson, await QwenlogProcess.SucceedsAsync(Storage("report", "--from", From, "--to", To)));
    }

    [Fact]
    public async Task Changed_content_under_the_same_name_replaces_the_shard()
    {
        string shard = Path.Combine(_folder, "shard.jsonl");
        await QwenlogProcess.SucceedsAsync("generate", "--lines", "300", "--seed", "1", "--hours", "2", "--out", shard);
        await QwenlogProcess.SucceedsAsync(Storage("ingest", shard));
        await QwenlogProcess.SucceedsAsync("generate", "--lines", "120", "--seed", "2", "--hours", "1", "--out", shard);

        Assert.Contains("1 ingested, 0 unchanged", await QwenlogProcess.SucceedsAsync(Storage("ingest", shard)), StringComparison.Ordinal);
        Assert.Contains("merged 2 hour(s)", await QwenlogProcess.SucceedsAsync(Storage("aggregate")), StringComparison.Ordinal);
        using var report = JsonDocument.Parse(await QwenlogProcess.SucceedsAsync(Storage("report", "--from", From, "--to", To)));
        using var analysis = JsonDocument.Parse(await QwenlogProcess.SucceedsAsync("analyze", shard, "--format", "json"));
        ReportAssert.AssertSameFigures(analysis.RootElement, report.RootElement);
    }

    [Fact]
    public async Task Uploaded_blobs_are_ingested_from_their_container_by_etag()
    {
        string shard = Path.Combine(_folder, "up.jsonl");
        await QwenlogProcess.SucceedsAsync("generate", "--lines", "200", "--seed", "5", "--hours", "1", "--out", shard);
        var container = _azurite.BlobService.GetBlobContainerClient(AzuriteFixture.UniqueName("logs"));
        await container.CreateAsync();
        await container.GetBlobClient("2025/01/up.jsonl").UploadAsync(shard);

        string first = await QwenlogProcess.SucceedsAsync(Storage("ingest", "--container", container.Name, "2025/"));
        Assert.Contains("ingested   2025/01/up.jsonl: 200 lines (200 accepted", first, StringComparison.Ordinal);
        Assert.Contains("0 ingested, 1 unchanged", await QwenlogProcess.SucceedsAsync(Storage("ingest", "--container", container.Name)), StringComparison.Ordinal);

        var (exit, _, stderr) = await QwenlogProcess.RunAsync(Storage("ingest", "--container", container.Name, "nothing-here/"));
        Assert.Equal(2, exit);
        Assert.Equal($"qwenlog: error: no blobs in container {container.Name} starting with nothing-here/", stderr.Trim());
    }

    [Fact]
    public async Task Storage_that_cannot_be_used_fails_with_one_line_and_exit_code_2()
    {
        var (exit, stdout, stderr) = await QwenlogProcess.RunAsync("aggregate", "--connection", "not a connection string");
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("qwenlog: error: cannot use the storage connection: ", stderr, StringComparison.Ordinal);

        // Nothing listens there: the SDK retries, then the command gives up with the reason.
        int closed = FreePort.Next();
        string unreachable = $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={Convert.ToBase64String(new byte[64])};" +
            $"TableEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;BlobEndpoint=http://127.0.0.1:{closed}/devstoreaccount1;";
        (exit, stdout, stderr) = await QwenlogProcess.RunAsync("report", "--connection", unreachable, "--from", From, "--to", To);
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Single(stderr.Trim().Split('\n'));
        Assert.StartsWith("qwenlog: error: cannot reach storage: ", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await QwenlogProcess.RunWithEnvironmentAsync(new Dictionary<string, string?> { ["AzureWebJobsStorage"] = null }, "aggregate");
        Assert.Equal(2, exit);
        Assert.StartsWith("qwenlog: error: no storage given: pass --connection", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_AzureWebJobsStorage_variable_is_used_when_connection_is_absent()
    {
        var (exit, stdout, stderr) = await QwenlogProcess.RunWithEnvironmentAsync(
            new Dictionary<string, string?> { ["AzureWebJobsStorage"] = _azurite.ConnectionString, ["QwenLogs__TablePrefix"] = _prefix },
            "report", "--from", From, "--to", To);

        Assert.True(exit == 0, stderr);
        using var report = JsonDocument.Parse(stdout);
        Assert.Equal(0, report.RootElement.GetProperty("summary").GetProperty("total_requests").GetInt64());
    }

    [Fact]
    public async Task Bad_report_parameters_fail_with_one_line_and_exit_code_2()
    {
        var (exit, stdout, stderr) = await QwenlogProcess.RunAsync(Storage("report", "--from", "yesterday", "--to", To));
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("qwenlog: error: --from 'yesterday' is not an ISO 8601 time; use e.g. 2025-01-15T10:00:00Z (see qwenlog --help)", stderr.Trim());

        (exit, stdout, stderr) = await QwenlogProcess.RunAsync(Storage("report", "--from", To, "--to", From));
        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Equal("qwenlog: error: 'from' (2025-01-02T00:00:00Z) must be before 'to' (2025-01-01T00:00:00Z).", stderr.Trim());
    }

    [Fact]
    public async Task Two_inputs_with_the_same_shard_name_or_missing_files_are_refused_before_any_write()
    {
        // Different seeds: the same bytes under two names would be one shard and its duplicate (DuplicateShardCommandTests).
        foreach (var (folder, seed) in new[] { ("a", "1"), ("b", "2") })
        {
            await QwenlogProcess.SucceedsAsync("generate", "--lines", "10", "--seed", seed, "--out", Path.Combine(_folder, folder, "same.jsonl"));
        }

        var (exit, _, stderr) = await QwenlogProcess.RunAsync(Storage("ingest", Path.Combine(_folder, "a", "same.jsonl"), Path.Combine(_folder, "b", "same.jsonl")));
        Assert.Equal(2, exit);
        Assert.Contains("would both be shard 'same.jsonl'", stderr, StringComparison.Ordinal);

        (exit, _, stderr) = await QwenlogProcess.RunAsync(Storage("ingest", Path.Combine(_folder, "missing.jsonl")));
        Assert.Equal(2, exit);
        Assert.Equal($"qwenlog: error: no such file or folder: {Path.Combine(_folder, "missing.jsonl")}", stderr.Trim());

        // The parent folder names them a/same.jsonl and b/same.jsonl.
        Assert.Contains("2 ingested", await QwenlogProcess.SucceedsAsync(Storage("ingest", _folder)), StringComparison.Ordinal);
    }

    /// <summary>Counts, means and flags equal; sketch percentiles within 1% of the exact ones; overall, per hour and per model.</summary>
    [Fact]
    public async Task Ingest_of_a_folder_reads_the_same_shards_as_analyze_including_ndjson()
    {
        string data = Path.Combine(_folder, "mixed");
        await QwenlogProcess.SucceedsAsync("generate", "--lines", "300", "--seed", "3", "--hours", "1", "--out", Path.Combine(data, "a.jsonl"));
        await QwenlogProcess.SucceedsAsync("generate", "--lines", "200", "--seed", "4", "--hours", "1", "--out", Path.Combine(data, "b.jsonl"));
        File.Move(Path.Combine(data, "b.jsonl"), Path.Combine(data, "b.ndjson"));
        await File.WriteAllTextAsync(Path.Combine(data, "notes.txt"), "not a shard\n");

        using var analysis = JsonDocument.Parse(await QwenlogProcess.SucceedsAsync("analyze", data, "--format", "json"));
        Assert.Equal(500, analysis.RootElement.GetProperty("lines").GetProperty("total").GetInt64());
        string ingested = await QwenlogProcess.SucceedsAsync(Storage("ingest", data));
        Assert.Contains("2 shard(s): 2 ingested, 0 unchanged, 0 duplicate, 0 skipped, 0 incomplete; 500 lines", ingested, StringComparison.Ordinal);
        Assert.Contains("ingested   b.ndjson", ingested, StringComparison.Ordinal);
        await QwenlogProcess.SucceedsAsync(Storage("aggregate"));
        using var report = JsonDocument.Parse(await QwenlogProcess.SucceedsAsync(Storage("report", "--from", From, "--to", To)));
        ReportAssert.AssertSameFigures(analysis.RootElement, report.RootElement);
    }

    [Fact]
    public async Task Hours_merged_by_the_cli_are_judged_by_the_alert_rules_and_its_html_report_lists_the_firing_alerts()
    {
        // 30 requests in one hour with 6 empty responses in a row: the consecutive-empty-responses rule (5) fires.
        string shard = Path.Combine(_folder, "crash.jsonl");
        var lines = Enumerable.Range(0, 30).Select(i => string.Create(CultureInfo.InvariantCulture,
            $$$"""{"timestamp": {{{1_736_935_200 + (i * 120)}}}.25, "level": "INFO", "request_id": "r{{{i}}}", "model": "qwen", "input": "q{{{i}}}", "output": "{{{(i is >= 10 and < 16 ? "" : "好的")}}}", "metadata": {"prompt_tokens": 5, "completion_tokens": 2, "total_latency_ms": 100, "device": "gpu"}}"""));
        await File.WriteAllLinesAsync(shard, lines);
        await QwenlogProcess.SucceedsAsync(Storage("ingest", shard));

        string aggregated = await QwenlogProcess.SucceedsAsync(Storage("aggregate"));
        Assert.Contains("merged 1 hour(s)", aggregated, StringComparison.Ordinal);
        Assert.Contains("fired      consecutive_empty_responses|all:", aggregated, StringComparison.Ordinal);

        string html = await QwenlogProcess.SucceedsAsync(Storage("report", "--from", "2025-01-15T00:00:00Z", "--to", "2025-01-16T00:00:00Z", "--format", "html"));
        Assert.Contains("Firing alerts (", html, StringComparison.Ordinal);
        Assert.Contains("consecutive_empty_responses", html, StringComparison.Ordinal);
        Assert.DoesNotContain("No alerts are firing", html, StringComparison.Ordinal);

        // Both hosts compute the run the rule judged: analyze offline, the report from the stored hours.
        using var analysis = JsonDocument.Parse(await QwenlogProcess.SucceedsAsync("analyze", shard, "--format", "json"));
        using var report = JsonDocument.Parse(await QwenlogProcess.SucceedsAsync(Storage("report", "--from", "2025-01-15T00:00:00Z", "--to", "2025-01-16T00:00:00Z")));
        Assert.Equal(6, analysis.RootElement.GetProperty("longest_empty_run").GetInt32());
        Assert.Equal(6, report.RootElement.GetProperty("longest_empty_run").GetInt32());

        // Judged once: the same hour again fires nothing new.
        Assert.Contains("alerts: 0 fired", await QwenlogProcess.SucceedsAsync(Storage("aggregate", "--hour", "2025-01-15T10:00:00Z")), StringComparison.Ordinal);
    }

    private string[] Storage(params string[] arguments) => [.. arguments, "--connection", _azurite.ConnectionString, "--table-prefix", _prefix];
}
