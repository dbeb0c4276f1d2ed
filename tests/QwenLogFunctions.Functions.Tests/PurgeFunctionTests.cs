using System.Globalization;
using System.Text;
using System.Text.Json;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using QwenLogFunctions.Functions.Triggers;
using QwenLogFunctions.Functions.Http;
using QwenLogFunctions.Storage.Queries;
using QwenLogFunctions.Storage.Shards;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests;

/// <summary>
/// DELETE /api/shards/{name} answers 202 at once and the purge runs through the queue in bounded steps, against
/// Azurite: messages are read from the real queue and handed to PurgeShard as the host would, one at a time.
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class PurgeFunctionTests(AzuriteFixture azurite)
{
    /// <summary>2025-01-15T00:00:00Z.</summary>
    private const long Start = 1_736_899_200;

    private static readonly DateTimeOffset Now = new(2025, 3, 1, 0, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task Delete_answers_202_with_the_status_location_and_the_queue_purges_in_steps()
    {
        var (services, blobs) = await BuildAsync();
        await using var _ = services;
        string name = "day/" + AzuriteFixture.UniqueName("s") + ".jsonl";

        // 30 hours: more than one step's worth (24 hours per message).
        await IngestAsync(services, blobs, name, Lines(30, "a"));

        var context = new DefaultHttpContext();
        var shards = ActivatorUtilities.CreateInstance<ShardsFunction>(services);
        var accepted = Assert.IsType<ContentResult>(await shards.Purge(context.Request, name, CancellationToken.None));
        Assert.Equal(202, accepted.StatusCode);
        string location = context.Response.Headers.Location.ToString();
        Assert.Equal("/api/shards/day/" + name[4..], location);
        using (var body = JsonDocument.Parse(accepted.Content!))
        {
            Assert.Equal("purging", body.RootElement.GetProperty("status").GetString());
            Assert.Equal(location, body.RootElement.GetProperty("status_url").GetString());
        }

        Assert.Equal(ShardIngestStatus.Purging, await StatusAsync(services, name));

        // A second DELETE while it runs: 202 again.
        Assert.Equal(202, Assert.IsType<ContentResult>(await shards.Purge(new DefaultHttpContext().Request, name, CancellationToken.None)).StatusCode);

        int steps = await DrainQueueAsync(services, name);
        Assert.True(steps >= 2, $"{steps} step(s)");
        var status = await services.GetRequiredService<ShardStatusService>().GetAsync(name, 10, CancellationToken.None);
        Assert.Equal(ShardIngestStatus.Purged, status!.Status);
        Assert.Empty(status.Hours);

        await ActivatorUtilities.CreateInstance<AggregateFunction>(services).Aggregate(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);
        var report = await services.GetRequiredService<ReportService>().GetReportAsync(
            DateTimeOffset.FromUnixTimeSeconds(Start), DateTimeOffset.FromUnixTimeSeconds(Start + (31 * 3600)), null, CancellationToken.None);
        Assert.Equal(0, report.Summary.TotalRequests);

        // Purged stays purged: 202 with nothing more to do; an unknown name is 404.
        Assert.Equal(202, Assert.IsType<ContentResult>(await shards.Purge(new DefaultHttpContext().Request, name, CancellationToken.None)).StatusCode);
        Assert.Equal(404, Assert.IsType<ContentResult>(await shards.Purge(new DefaultHttpContext().Request, "never.jsonl", CancellationToken.None)).StatusCode);
    }

    [Fact]
    public async Task A_purge_whose_worker_stopped_and_whose_messages_were_lost_is_resumed_by_the_timer()
    {
        var (services, blobs) = await BuildAsync();
        await using var _ = services;
        string name = AzuriteFixture.UniqueName("s") + ".jsonl";
        await IngestAsync(services, blobs, name, Lines(30, "a"));
        var purge = services.GetRequiredService<ShardPurgeService>();

        Assert.True(await purge.RequestAsync(name, CancellationToken.None));
        Assert.Equal(PurgeStep.MoreToDo, await purge.ContinueAsync(name, CancellationToken.None));
        await DropMessagesAsync(services, name);

        // Not yet stalled: nothing re-enqueued. Ten minutes later the Aggregate timer picks it up.
        Assert.Equal(0, await purge.ResumeStalledAsync(CancellationToken.None));
        ((AppServices.FixedClock)services.GetRequiredService<TimeProvider>()).Now = Now + ShardPurgeService.StalledAfter + TimeSpan.FromMinutes(1);
        await ActivatorUtilities.CreateInstance<AggregateFunction>(services).Aggregate(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None);
        Assert.True(await DrainQueueAsync(services, name) >= 1);
        Assert.Equal(ShardIngestStatus.Purged, await StatusAsync(services, name));
    }

    [Fact]
    public async Task A_reupload_during_the_purge_is_ingested_when_the_purge_ends()
    {
        var (services, blobs) = await BuildAsync();
        await using var _ = services;
        string name = AzuriteFixture.UniqueName("s") + ".jsonl";
        await IngestAsync(services, blobs, name, Lines(30, "old"));
        Assert.True(await services.GetRequiredService<ShardPurgeService>().RequestAsync(name, CancellationToken.None));

        // New content under the same name while purging: the trigger defers it (no failure, no retry, no poison).
        await IngestAsync(services, blobs, name, Lines(3, "new"));
        Assert.Equal(ShardIngestStatus.Purging, await StatusAsync(services, name));

        await DrainQueueAsync(services, name);
        var status = await services.GetRequiredService<ShardStatusService>().GetAsync(name, 10, CancellationToken.None);
        Assert.Equal(ShardIngestStatus.Succeeded, status!.Status);
        Assert.Equal(3, status.Lines!.Accepted);
        Assert.Equal(3, status.Hours.Count);
    }

    private async Task<(ServiceProvider Services, BlobContainerClient Blobs)> BuildAsync()
    {
        string container = AzuriteFixture.UniqueName("purge");
        var services = AppServices.Build(azurite, Now, new Dictionary<string, string?> { ["QwenLogs:LogsContainer"] = container });
        var blobs = azurite.BlobService.GetBlobContainerClient(container);
        await blobs.CreateIfNotExistsAsync();
        return (services, blobs);
    }

    private static async Task IngestAsync(ServiceProvider services, BlobContainerClient blobs, string name, string content)
    {
        var blob = blobs.GetBlobClient(name);
        await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(content)), overwrite: true);
        await ActivatorUtilities.CreateInstance<IngestFunctions>(services).Ingest(blob, CancellationToken.None);
    }

    private static async Task<ShardIngestStatus> StatusAsync(ServiceProvider services, string name) =>
        (await services.GetRequiredService<ShardStatusService>().GetAsync(name, 0, CancellationToken.None))!.Status;

    /// <summary>Reads the purge queue as the host does and hands this shard's messages to PurgeShard until none is left; returns the steps run.</summary>
    private static async Task<int> DrainQueueAsync(ServiceProvider services, string name)
    {
        var queue = Queue(services);
        var function = ActivatorUtilities.CreateInstance<PurgeFunctions>(services);
        int steps = 0;
        for (int round = 0; round < 50; round++)
        {
            var mine = (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value
                .Where(message => message.Body.ToString() == name)
                .ToList();
            if (mine.Count == 0)
            {
                return steps;
            }

            foreach (var message in mine)
            {
                await function.PurgeShard(message.Body.ToString(), CancellationToken.None);
                await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
                steps++;
            }
        }

        throw new InvalidOperationException("the purge never ended");
    }

    private static async Task DropMessagesAsync(ServiceProvider services, string name)
    {
        var queue = Queue(services);
        foreach (var message in (await queue.ReceiveMessagesAsync(32, TimeSpan.FromSeconds(1))).Value.Where(m => m.Body.ToString() == name))
        {
            await queue.DeleteMessageAsync(message.MessageId, message.PopReceipt);
        }
    }

    private static QueueClient Queue(ServiceProvider services) =>
        services.GetRequiredService<QueueServiceClient>().GetQueueClient(ShardPurgeMessages.Name);

    private static string Lines(int hours, string output)
    {
        var text = new StringBuilder();
        for (int hour = 0; hour < hours; hour++)
        {
            text.Append(CultureInfo.InvariantCulture, $"{{\"timestamp\": {Start + (hour * 3600) + 60}, \"request_id\": \"r{hour}\", \"model\": \"qwen\", \"input\": \"q{hour}\", \"output\": \"{output}\", ")
                .Append("\"metadata\": {\"prompt_tokens\": 3, \"completion_tokens\": 1, \"total_latency_ms\": 120}}\n");
        }

        return text.ToString();
    }
}
