using Microsoft.Extensions.Logging.Abstractions;
using QwenLogFunctions.Storage.Queries;
using QwenLogFunctions.Storage.Shards;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>The shard list (paging, status filter, tokens) and start-up's creation of the container and tables, against Azurite.</summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class ShardListAndStartUpTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task The_shard_list_is_paged_filtered_by_status_and_refuses_foreign_tokens()
    {
        var harness = new StorageHarness(azurite);
        for (int i = 0; i < 3; i++)
        {
            await harness.IngestAsync($"list-{i}.jsonl", SampleShard.Bytes(SampleShard.Text(seed: 30 + i, lines: 10), gzip: false), $"v{i}");
        }

        // Not a shard name: what ShardIngestion (Pipeline) records for it.
        await harness.Ingestion.RecordSkippedAsync("ignored.txt", CancellationToken.None);

        var first = await harness.Status.ListAsync(2, null, null, CancellationToken.None);
        Assert.Equal(2, first.Shards.Count);
        Assert.NotNull(first.ContinuationToken);
        var second = await harness.Status.ListAsync(2, null, first.ContinuationToken, CancellationToken.None);
        Assert.Equal(2, second.Shards.Count);
        Assert.Null(second.ContinuationToken);
        Assert.Equal(
            ["ignored.txt", "list-0.jsonl", "list-1.jsonl", "list-2.jsonl"],
            first.Shards.Concat(second.Shards).Select(s => s.Name).Order(StringComparer.Ordinal));

        var skipped = await harness.Status.ListAsync(10, ShardIngestStatus.Skipped, null, CancellationToken.None);
        Assert.Equal("ignored.txt", Assert.Single(skipped.Shards).Name);

        var wrongScope = await Assert.ThrowsAsync<QueryValidationException>(() => harness.Status.ListAsync(2, ShardIngestStatus.Failed, first.ContinuationToken, CancellationToken.None));
        Assert.Contains("another query", wrongScope.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<QueryValidationException>(() => harness.Status.ListAsync(0, null, null, CancellationToken.None));
        await Assert.ThrowsAsync<QueryValidationException>(() => harness.Status.ListAsync(2, null, "!!not-a-token!!", CancellationToken.None));
    }

    [Fact]
    public async Task Start_up_creates_the_logs_container_and_the_tables_and_doing_it_again_is_harmless()
    {
        var harness = new StorageHarness(azurite);
        harness.Options.LogsContainer = AzuriteFixture.UniqueName("logs");
        var initializer = new StorageInitializer(azurite.BlobService, harness.Tables, Microsoft.Extensions.Options.Options.Create(harness.Options), NullLogger<StorageInitializer>.Instance);
        var container = azurite.BlobService.GetBlobContainerClient(harness.Options.LogsContainer);
        Assert.False(await container.ExistsAsync());

        await initializer.EnsureCreatedAsync(CancellationToken.None);
        await initializer.EnsureCreatedAsync(CancellationToken.None);

        Assert.True(await container.ExistsAsync());
        Assert.True((await harness.Tables.Shards.GetAccessPoliciesAsync()).GetRawResponse().Status == 200);
        Assert.True((await harness.Tables.Dirty.GetAccessPoliciesAsync()).GetRawResponse().Status == 200);
    }
}
