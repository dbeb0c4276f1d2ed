using System.Globalization;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using QwenLogFunctions.Alerting;
using QwenLogFunctions.Functions.Triggers;
using QwenLogFunctions.Storage.Ingestion;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests;

/// <summary>
/// Blob → Ingest → Aggregate → alert rules → a real webhook on loopback, with the app's own registrations:
/// an incident is announced once, re-running the timer over the same hour sends nothing, and a healthy
/// replacement of the shard resolves it with its own notification.
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class AlertingPipelineTests(AzuriteFixture azurite)
{
    /// <summary>2025-01-15T10:00:00Z.</summary>
    private static readonly DateTimeOffset Hour = DateTimeOffset.FromUnixTimeSeconds(1_736_935_200);

    private static readonly string[] IncidentKeys =
    [
        "consecutive_empty_responses|all",
        "flag_rate|all|empty_response",
        "flag_rate|qwen|empty_response",
        "latency_p95|all",
        "latency_p95|qwen",
    ];

    [Fact]
    public async Task An_incident_is_announced_once_and_resolved_once_by_a_healthy_replacement()
    {
        await using var webhook = LoopbackHttpListener.Start();
        using var services = AppServices.Build(azurite, Hour.AddMinutes(65), new()
        {
            ["QwenLogs:Notifications:WebhookUrl"] = webhook.Url("/hooks/qwen").ToString(),
        });
        var blobs = azurite.BlobService.GetBlobContainerClient(AzuriteFixture.UniqueName("alerts"));
        await blobs.CreateIfNotExistsAsync();
        var blob = blobs.GetBlobClient("node-1/2025-01-15T10.jsonl");
        var ingest = ActivatorUtilities.CreateInstance<IngestFunctions>(services);
        var aggregate = ActivatorUtilities.CreateInstance<AggregateFunction>(services);

        // 30 requests in one hour: 6 empty responses in a row (the model crashed) and 20 s latencies.
        await blob.UploadAsync(new BinaryData(Shard(i => i is >= 10 and < 16 ? "" : "好的，这是答案。", latencyMs: 20_000)));
        await ingest.Ingest(blob, CancellationToken.None);
        await aggregate.Aggregate(new TimerInfo(), CancellationToken.None);

        var fired = Posts(webhook);
        Assert.Equal(IncidentKeys, fired.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(fired, p => Assert.Equal("firing", p.Status));
        var crash = fired.Single(p => p.Key == "consecutive_empty_responses|all");
        Assert.Equal(6, crash.Value);
        Assert.Equal("2025-01-15T10:00:00Z", crash.Hour);
        Assert.Contains("node-1/2025-01-15T10.jsonl", crash.Message, StringComparison.Ordinal);
        Assert.Equal(20_000, fired.Single(p => p.Key == "latency_p95|all").Value, 0.01 * 20_000);

        // The timer again over the same hour (the shard re-ingested, so the hour is merged and judged again): nothing new.
        await services.GetRequiredService<IngestionService>().IngestAsync(blob, CancellationToken.None, force: true);
        await aggregate.Aggregate(new TimerInfo(), CancellationToken.None);
        await aggregate.Aggregate(new TimerInfo(), CancellationToken.None);
        Assert.Equal(fired.Count, Posts(webhook).Count);

        // The shard is replaced by healthy content (a new blob version): every alert resolves, once.
        await blob.UploadAsync(new BinaryData(Shard(_ => "好的，这是答案。", latencyMs: 800)), overwrite: true);
        await ingest.Ingest(blob, CancellationToken.None);
        await aggregate.Aggregate(new TimerInfo(), CancellationToken.None);
        await aggregate.Aggregate(new TimerInfo(), CancellationToken.None);

        var resolved = Posts(webhook).Skip(fired.Count).ToList();
        Assert.Equal(IncidentKeys, resolved.Select(p => p.Key).Order(StringComparer.Ordinal));
        Assert.All(resolved, p => Assert.Equal("resolved", p.Status));
        Assert.All(Posts(webhook), p => Assert.Equal("/hooks/qwen", p.Path));

        var listing = await services.GetRequiredService<IAlertStore>().ListAsync(Hour, 100, CancellationToken.None);
        Assert.Empty(listing.Firing);
        Assert.Equal(IncidentKeys.Length, listing.Resolved.Count);
    }

    [Fact]
    public async Task Without_new_requests_for_hours_the_timer_fires_no_requests_even_when_it_merged_nothing()
    {
        await using var webhook = LoopbackHttpListener.Start();
        using var services = AppServices.Build(azurite, Hour.AddMinutes(65), new()
        {
            ["QwenLogs:Notifications:WebhookUrl"] = webhook.Url("/hook").ToString(),
        });
        var blobs = azurite.BlobService.GetBlobContainerClient(AzuriteFixture.UniqueName("quiet"));
        await blobs.CreateIfNotExistsAsync();
        var blob = blobs.GetBlobClient("quiet.jsonl");
        await blob.UploadAsync(new BinaryData(Shard(_ => "好的，这是答案。", latencyMs: 800)));
        await ActivatorUtilities.CreateInstance<IngestFunctions>(services).Ingest(blob, CancellationToken.None);
        var aggregate = ActivatorUtilities.CreateInstance<AggregateFunction>(services);
        await aggregate.Aggregate(new TimerInfo(), CancellationToken.None);
        Assert.Empty(webhook.Requests);

        // Three hours later nothing has arrived: the run merges no hour and still notices.
        ((AppServices.FixedClock)services.GetRequiredService<TimeProvider>()).Now = Hour.AddHours(4);
        await aggregate.Aggregate(new TimerInfo(), CancellationToken.None);

        var post = Assert.Single(Posts(webhook));
        Assert.Equal(("no_requests|all", "firing"), (post.Key, post.Status));
        Assert.True(post.Value >= 3, post.Value.ToString(CultureInfo.InvariantCulture));
    }

    /// <summary>30 requests of model "qwen" spread over the hour; outputs and latency as given.</summary>
    private static byte[] Shard(Func<int, string> output, double latencyMs) => ArticleLogLines.Bytes(
        Enumerable.Range(0, 30).Select(i => ArticleLogLines.Line(
            $"req-{i}", Hour.AddMinutes(i * 2).AddMilliseconds(250), output(i), latencyMs, model: "qwen",
            input: $"第 {i} 个问题：今天天气怎么样？", promptTokens: 20, completionTokens: 3000)));

    private static List<Post> Posts(LoopbackHttpListener webhook) =>
    [
        .. webhook.Requests.Select(request =>
        {
            using var json = JsonDocument.Parse(request.Body);
            var alert = json.RootElement.GetProperty("alert");
            return new Post(
                request.Path,
                json.RootElement.GetProperty("status").GetString()!,
                alert.GetProperty("key").GetString()!,
                alert.GetProperty("hour").GetString()!,
                alert.GetProperty("value").GetDouble(),
                alert.GetProperty("message").GetString()!);
        }),
    ];

    private sealed record Post(string Path, string Status, string Key, string Hour, double Value, string Message);
}
