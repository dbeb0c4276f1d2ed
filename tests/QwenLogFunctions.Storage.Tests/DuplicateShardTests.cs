using Azure.Data.Tables;
using QwenLogFunctions.Storage.Ingestion;
using QwenLogFunctions.Storage.Shards;
using QwenLogFunctions.Storage.Tables;
using QwenLogFunctions.Storage.Tests.Support;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>The same bytes under two names count once (the first name), unless QwenLogs__DetectDuplicateShards is false.</summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class DuplicateShardTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset From = DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime);

    private static readonly byte[] Content = SampleShard.Bytes(SampleShard.Text(seed: 21, lines: 50), gzip: false);

    [Fact]
    public async Task A_copy_under_another_name_is_recorded_as_a_duplicate_and_adds_nothing()
    {
        var alone = new StorageHarness(azurite);
        await alone.IngestAsync("a.jsonl", Content, "v1");
        await alone.Aggregation.AggregateAsync(null, CancellationToken.None);
        var expected = await alone.Reports.GetReportAsync(From, From.AddHours(3), null, CancellationToken.None);

        var harness = new StorageHarness(azurite);
        var first = await harness.IngestAsync("a.jsonl", Content, "v1");
        var copy = await harness.IngestAsync("copies/b.jsonl", Content, "other-etag");
        Assert.Equal(IngestOutcome.Ingested, first.Outcome);
        Assert.Equal(IngestOutcome.Duplicate, copy.Outcome);
        Assert.Equal("a.jsonl", copy.DuplicateOf);

        var status = await harness.Status.GetAsync("copies/b.jsonl", 100, CancellationToken.None);
        Assert.Equal(ShardIngestStatus.Duplicate, status!.Status);
        Assert.Equal("a.jsonl", status.DuplicateOf);
        Assert.Empty(status.Hours);
        Assert.Empty(status.Rejects);
        Assert.Equal(64, status.ContentSha256!.Length);
        Assert.Equal(status.ContentSha256, (await harness.Status.GetAsync("a.jsonl", 0, CancellationToken.None))!.ContentSha256);

        // The trigger firing again for the copy: still a duplicate, nothing read into the tables.
        Assert.Equal(IngestOutcome.Duplicate, (await harness.IngestAsync("copies/b.jsonl", Content, "other-etag")).Outcome);

        await harness.Aggregation.AggregateAsync(null, CancellationToken.None);
        var report = await harness.Reports.GetReportAsync(From, From.AddHours(3), null, CancellationToken.None);
        Assert.Equal(expected.Summary.TotalRequests, report.Summary.TotalRequests);
        Assert.Equal(expected.Lines, report.Lines);
        Assert.Equal(["a.jsonl"], report.Shards);
        Assert.Equal(first.Lines.Accepted + first.Lines.Rejected, await CountShardRowsAsync(harness, "a.jsonl"));
        Assert.Equal(0, await CountShardRowsAsync(harness, "copies/b.jsonl"));
    }

    [Fact]
    public async Task With_detection_off_every_name_counts()
    {
        var harness = new StorageHarness(azurite);
        harness.Options.DetectDuplicateShards = false;
        var first = await harness.IngestAsync("a.jsonl", Content, "v1");
        var copy = await harness.IngestAsync("b.jsonl", Content, "v1");
        Assert.Equal(IngestOutcome.Ingested, copy.Outcome);

        await harness.Aggregation.AggregateAsync(null, CancellationToken.None);
        var report = await harness.Reports.GetReportAsync(From, From.AddHours(3), null, CancellationToken.None);
        Assert.Equal(2 * first.Lines.Accepted, report.Summary.TotalRequests);
    }

    [Fact]
    public async Task Two_names_with_the_same_content_ingested_at_once_count_exactly_once()
    {
        for (int round = 0; round < 3; round++)
        {
            var harness = new StorageHarness(azurite);
            var results = await Task.WhenAll(
                Task.Run(() => harness.IngestAsync("left.jsonl", Content, "v1")),
                Task.Run(() => harness.IngestAsync("right.jsonl", Content, "v1")));

            Assert.Single(results, r => r.Outcome == IngestOutcome.Ingested);
            var duplicate = Assert.Single(results, r => r.Outcome == IngestOutcome.Duplicate);
            Assert.Equal(results.Single(r => r.Outcome == IngestOutcome.Ingested).Shard, duplicate.DuplicateOf);

            await harness.Aggregation.AggregateAsync(null, CancellationToken.None);
            var report = await harness.Reports.GetReportAsync(From, From.AddHours(3), null, CancellationToken.None);
            Assert.Equal(results[0].Lines.Accepted, report.Summary.TotalRequests);
        }
    }

    [Fact]
    public async Task After_the_first_is_purged_its_duplicate_can_take_over_the_content()
    {
        var harness = new StorageHarness(azurite);
        await harness.IngestAsync("a.jsonl", Content, "v1");
        Assert.Equal(IngestOutcome.Duplicate, (await harness.IngestAsync("b.jsonl", Content, "v1")).Outcome);

        await harness.Purge.PurgeAsync("a.jsonl", CancellationToken.None);

        // The duplicate keeps pointing at the purged shard until it is ingested again (a re-upload or --force).
        Assert.Equal(ShardIngestStatus.Duplicate, (await harness.Status.GetAsync("b.jsonl", 0, CancellationToken.None))!.Status);
        var again = await harness.IngestAsync("b.jsonl", Content, "v1", force: true);
        Assert.Equal(IngestOutcome.Ingested, again.Outcome);

        await harness.Aggregation.AggregateAsync(null, CancellationToken.None);
        var report = await harness.Reports.GetReportAsync(From, From.AddHours(3), null, CancellationToken.None);
        Assert.Equal(again.Lines.Accepted, report.Summary.TotalRequests);
        Assert.Equal(["b.jsonl"], report.Shards);
    }

    /// <summary>The shard's request rows (not flag copies) and rejects.</summary>
    private static async Task<long> CountShardRowsAsync(StorageHarness harness, string shardName)
    {
        string shardKey = KeyEncoding.ShardKey(shardName);
        long rows = 0;
        var filter = TableClient.CreateQueryFilter($"PartitionKey ge {"0"} and RowKey ge {KeyEncoding.ShardRowKeyStart(shardKey)} and RowKey lt {KeyEncoding.ShardRowKeyEnd(shardKey)}");
        await foreach (var row in harness.Tables.Requests("202501").QueryAsync<TableEntity>(filter, select: ["PartitionKey"]))
        {
            // Request rows only (bucket partitions "...bNN"), not their flag-index copies.
            rows += row.PartitionKey[10] == 'b' ? 1 : 0;
        }

        await foreach (var table in harness.Service.QueryAsync(TableServiceClient.CreateQueryFilter($"TableName ge {harness.Tables.RejectsTablePrefix} and TableName lt {harness.Tables.RejectsTablePrefix + "~"}")))
        {
            await foreach (var _ in harness.Service.GetTableClient(table.Name).QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"PartitionKey eq {shardKey}"), select: ["RowKey"]))
            {
                rows++;
            }
        }

        return rows;
    }
}
