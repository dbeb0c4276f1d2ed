using System.Net;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Xunit.Abstractions;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.EndToEnd.Tests;

/// <summary>
/// The app as users run it: shards uploaded to the logs container, the host's blob trigger (and Reconcile) ingesting
/// them, Aggregate run through the admin API, figures read over HTTP with keys. Each test uses its own days so the
/// tests share one host without seeing each other's data.
/// </summary>
[Collection(FunctionsHostTests.Name)]
public sealed class PipelineUnderHostTests : HostTestBase
{
    public PipelineUnderHostTests(FunctionsHostFixture host, ITestOutputHelper log)
        : base(host, log)
    {
    }

    [SkippableFact]
    public Task Shards_uploaded_together_are_ingested_replaced_and_purged_and_the_report_always_equals_analyze() => RunAsync(async () =>
    {
        const string From = "2025-02-01T00:00:00Z", To = "2025-02-02T00:00:00Z";

        // The app creates its logs container at start-up (no 404 on every poll). Remove it again so that the first
        // upload below goes into a container that does not exist yet, as in a fresh storage account.
        Assert.True(Host.LogsContainerExistedAtStart, "the app did not create its logs container at start-up");
        await Host.LogsContainer.DeleteIfExistsAsync();

        string data = NewFolder("together");
        await QwenlogProcess.SucceedsAsync("generate", "--lines", "1500", "--shards", "3", "--seed", "21", "--hours", "3", "--start", From,
            "--broken-share", "0.01", "--out", Path.Combine(data, "feb-plain.jsonl"));
        await QwenlogProcess.SucceedsAsync("generate", "--lines", "1000", "--shards", "2", "--gzip", "--seed", "121", "--hours", "3", "--start", From,
            "--broken-share", "0.01", "--out", Path.Combine(data, "feb-zipped.jsonl.gz"));
        string[] files = Directory.GetFiles(data).Order(StringComparer.Ordinal).ToArray();
        Assert.Equal(5, files.Length);

        await UploadAsync(files);
        foreach (string file in files)
        {
            await WaitForShardAsync(Path.GetFileName(file), "succeeded", await VersionOfAsync(Path.GetFileName(file)));
        }

        await AggregateAsync();
        string report = await ReportAsync(From, To);
        await AssertReportEqualsAnalyzeAsync(report, data);

        // The app's own lines reach the host's log at Information: one per ingested shard, one per aggregation run.
        foreach (string file in files)
        {
            Assert.Contains(Host.HostOutput, line => line.Contains($"Shard {Path.GetFileName(file)} ingested:", StringComparison.Ordinal));
        }

        Assert.Contains(Host.HostOutput, line => line.Contains("Aggregation run:", StringComparison.Ordinal));

        // The same bytes again (a new ETag): the shard is read again and the report does not change.
        string same = files[0];
        string oldVersion = await VersionOfAsync(Path.GetFileName(same));
        await UploadAsync(same);
        string newVersion = await VersionOfAsync(Path.GetFileName(same));
        Assert.NotEqual(oldVersion, newVersion);
        await WaitForShardAsync(Path.GetFileName(same), "succeeded", newVersion);
        await AggregateAsync();
        Assert.Equal(report, await ReportAsync(From, To));

        // Changed content under the same name replaces that shard's contribution.
        string changed = files[1];
        await QwenlogProcess.SucceedsAsync("generate", "--lines", "400", "--seed", "77", "--hours", "2", "--start", From, "--out", changed);
        await UploadAsync(changed);
        await WaitForShardAsync(Path.GetFileName(changed), "succeeded", await VersionOfAsync(Path.GetFileName(changed)));
        await AggregateAsync();
        await AssertReportEqualsAnalyzeAsync(await ReportAsync(From, To), data);

        // Purge: DELETE accepts the purge at once (202, Location = the shard's status) and the PurgeShard queue function
        // does it in the background until the ledger says purged. The blob stays; the ledger records the purge of that
        // version, so Reconcile (run now through the admin API) does not bring it back.
        string purged = files[^1];
        using (var response = await Host.Http.DeleteAsync(Host.Api("shards/" + Path.GetFileName(purged))))
        {
            Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
            Assert.Contains(Path.GetFileName(purged), await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
            Assert.EndsWith("shards/" + Path.GetFileName(purged), response.Headers.Location?.ToString(), StringComparison.Ordinal);
        }

        await WaitForShardAsync(Path.GetFileName(purged), "purged");
        File.Delete(purged);
        await RunAndWaitAsync("Reconcile");
        await AggregateAsync();
        await AssertReportEqualsAnalyzeAsync(await ReportAsync(From, To), data);

        // The shard list shows every shard with its status.
        using var list = JsonDocument.Parse(await GetOkAsync("shards?pageSize=1000"));
        var statuses = list.RootElement.GetProperty("shards").EnumerateArray()
            .ToDictionary(s => s.GetProperty("name").GetString()!, s => s.GetProperty("status").GetString()!);
        Assert.Equal("purged", statuses[Path.GetFileName(purged)], ignoreCase: true);
        Assert.Equal("succeeded", statuses[Path.GetFileName(files[0])], ignoreCase: true);

        // The host log stays readable: no Azure SDK request line per storage call at Information, from host or worker.
        Assert.DoesNotContain(Host.HostOutput, line => line.StartsWith("info: Azure.Core", StringComparison.Ordinal));
        Assert.DoesNotContain(Host.HostOutput, line => line.Contains("Request [", StringComparison.Ordinal) && line.Contains("GET http://127.0.0.1", StringComparison.Ordinal));
    });

    [SkippableFact]
    public Task Requests_without_a_key_get_401_and_bad_parameters_get_400_with_what_to_fix() => RunAsync(async () =>
    {
        foreach (string path in new[] { "report?from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z", "shards", "alerts", "shards/x.jsonl" })
        {
            using var response = await Host.Http.GetAsync(Host.Api(path, withKey: false));
            Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        }

        foreach (var (path, expected) in new[]
        {
            ("report?from=yesterday&to=2025-01-02T00:00:00Z", "from"),
            ("report?from=2025-01-02T00:00:00Z&to=2025-01-01T00:00:00Z", "before"),
            ("requests?hour=2025-01-01T00:00:00Z&pageSize=0", "pageSize"),
            ("shards?pageSize=5000", "pageSize"),
            ("shards/x.jsonl?maxRejects=-1", "maxRejects"),
            ("audit-sample?from=2025-01-01T00:00:00Z&to=2025-01-02T00:00:00Z&rate=2", "rate"),

            // Near the end of the calendar: a 400 naming the supported times, never a 500 past DateTimeOffset.MaxValue.
            ("report?from=9999-12-30T00:00:00Z&to=9999-12-31T22:00:00Z", "supported times"),
            ("audit-sample?from=9999-12-30T00:00:00Z&to=9999-12-31T22:00:00Z", "supported times"),
        })
        {
            using var response = await Host.Http.GetAsync(Host.Api(path));
            string body = await response.Content.ReadAsStringAsync();
            Assert.True(response.StatusCode == HttpStatusCode.BadRequest, $"{path}: {(int)response.StatusCode} {body}");
            Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
            using var error = JsonDocument.Parse(body);
            Assert.Contains(expected, error.RootElement.GetProperty("error").GetString()!, StringComparison.Ordinal);
        }
    });

    [SkippableFact]
    public Task An_alert_reaches_the_webhook_exactly_once_and_its_transition_is_logged() => RunAsync(async () =>
    {
        // 30 requests in one hour, six empty responses in a row: the model crashed (consecutive_empty_responses, 5).
        string shard = Path.Combine(NewFolder("alert"), "crash-node.jsonl");
        long hour = new DateTimeOffset(2025, 3, 1, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        var lines = Enumerable.Range(0, 30).Select(i => Line(hour + (i * 60), i is >= 10 and < 16 ? string.Empty : "好的，这是答案。", $"crash-{i}"));
        await File.WriteAllLinesAsync(shard, lines);

        await UploadAsync(shard);
        await WaitForShardAsync("crash-node.jsonl", "succeeded");
        await AggregateAsync();
        await AggregateAsync();

        var firing = await Host.Webhook.WaitForAsync(IsCrashAlert, TimeSpan.FromMinutes(1));
        Assert.Contains("crash-node.jsonl", firing.Body, StringComparison.Ordinal);
        await Task.Delay(TimeSpan.FromSeconds(2));
        Assert.Single(Host.Webhook.Requests, IsCrashAlert);
        Assert.Contains(Host.HostOutput, line => line.Contains("Alerts fired:", StringComparison.Ordinal) && line.Contains("consecutive_empty_responses", StringComparison.Ordinal));
    });

    [SkippableFact]
    public Task A_blob_that_always_fails_ends_on_the_poison_queue_with_the_ledger_failed_and_its_reason() => RunAsync(async () =>
    {
        // No content makes ingestion fail (bad lines are rejects, long values are hashed into keys), so the failure
        // is planted the one way a test can: the shard's ledger names an earlier contribution whose rejects table
        // cannot exist, so every attempt fails while removing it. The host retries the blob (host.json
        // poisonBlobThreshold), then moves it to the poison queue; Reconcile stops after as many failures.
        const string Name = "poison-node.jsonl";
        string shard = Path.Combine(NewFolder("poison"), Name);
        long hour = new DateTimeOffset(2025, 3, 2, 10, 0, 0, TimeSpan.Zero).ToUnixTimeSeconds();
        await File.WriteAllLinesAsync(shard, [Line(hour, "好的", "poison-1")]);
        var shards = Host.Azurite.TableService.GetTableClient(Host.Settings["QwenLogs__TablePrefix"] + "shards");
        await shards.CreateIfNotExistsAsync();
        await shards.UpsertEntityAsync(new Azure.Data.Tables.TableEntity(ShardKey(Name), "ledger")
        {
            ["ShardName"] = Name, ["Status"] = "Succeeded", ["Attempts"] = 0, ["ContentVersion"] = "an-older-version", ["RejectsTable"] = "1-not-a-table",
        });
        await UploadAsync(shard);

        var poison = new QueueClient(Host.Azurite.ConnectionString, "webjobs-blobtrigger-poison");
        var deadline = DateTime.UtcNow.AddMinutes(4);
        string? message = null;
        while (message is null)
        {
            if (await poison.ExistsAsync())
            {
                var peeked = await poison.PeekMessagesAsync(32);
                message = peeked.Value.Select(m => DecodeQueueMessage(m.Body.ToString())).FirstOrDefault(b => b.Contains(Name, StringComparison.Ordinal));
            }

            Assert.True(DateTime.UtcNow < deadline, "the failing blob did not reach webjobs-blobtrigger-poison within 4 minutes");
            await Task.Delay(2000);
        }

        var ledger = await WaitForShardAsync(Name, "failed", timeout: TimeSpan.FromMinutes(1));
        Assert.False(string.IsNullOrWhiteSpace(ledger.GetProperty("last_error").GetString()), ledger.ToString());
        Assert.True(ledger.GetProperty("attempts").GetInt32() >= 5, ledger.ToString());
    });

    /// <summary>The host writes its queue messages base64-encoded; plain text is taken as it is.</summary>
    private static string DecodeQueueMessage(string body)
    {
        try
        {
            return Encoding.UTF8.GetString(Convert.FromBase64String(body));
        }
        catch (FormatException)
        {
            return body;
        }
    }

    /// <summary>The ledger's partition key of a shard: the first 80 bits of the SHA-256 of its name, in hex (KeyEncoding.ShardKey).</summary>
    private static string ShardKey(string name) =>
        Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(name)))[..20];

    private static bool IsCrashAlert(TestUtility.LoopbackHttpListener.Request request) =>
        request.Path == "/alerts" && request.Body.Contains("\"firing\"", StringComparison.Ordinal)
        && request.Body.Contains("consecutive_empty_responses", StringComparison.Ordinal);

    private static async Task AssertReportEqualsAnalyzeAsync(string reportJson, string folder)
    {
        using var analysis = JsonDocument.Parse(await QwenlogProcess.SucceedsAsync("analyze", folder, "--format", "json"));
        using var report = JsonDocument.Parse(reportJson);
        ReportAssert.AssertSameFigures(analysis.RootElement, report.RootElement);
    }

    private async Task<string> GetOkAsync(string pathAndQuery)
    {
        using var response = await Host.Http.GetAsync(Host.Api(pathAndQuery));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/{pathAndQuery}: {(int)response.StatusCode} {body}");
        return body;
    }

    private static string Line(long timestamp, string output, string requestId, string model = "qwen2.5-7b-instruct") =>
        new JsonObject
        {
            ["timestamp"] = timestamp,
            ["level"] = "INFO",
            ["request_id"] = requestId,
            ["model"] = model,
            ["input"] = "请介绍一下你自己。",
            ["output"] = output,
            ["metadata"] = new JsonObject
            {
                ["prompt_tokens"] = 12,
                ["completion_tokens"] = 40,
                ["total_tokens"] = 52,
                ["first_token_latency_ms"] = 150,
                ["total_latency_ms"] = 900,
                ["device"] = "cuda:0",
            },
        }.ToJsonString(new JsonSerializerOptions { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping });
}
