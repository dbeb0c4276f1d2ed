using Microsoft.Extensions.Options;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Storage.Queries;
using QwenLogFunctions.Storage.Tables;
using QwenLogFunctions.Storage.Tests.Support;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>
/// The report service keeps hours it has read in memory and checks each against its header row: whatever changes an
/// hour (a new shard, a purge that leaves it with fewer requests or none, a re-aggregation), the next report of the
/// same long-lived service equals that of a service that has never read anything.
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class ReportFromMemoryTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset From = DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime);
    private static readonly DateTimeOffset To = From.AddHours(6);

    [Fact]
    public async Task A_long_lived_report_service_follows_every_change_to_the_hours_it_has_read()
    {
        var harness = new StorageHarness(azurite);
        var warm = harness.Reports;

        // a: hours 0-1; b: hours 1-2 — hour 1 is shared, hour 0 becomes empty when a is purged.
        await harness.IngestAsync("a.jsonl", SampleShard.Bytes(SampleShard.Text(seed: 31, lines: 300, spanSeconds: 7200), gzip: false), "v1");
        await harness.Aggregation.AggregateAsync(null, CancellationToken.None);
        long onlyA = (await AssertWarmEqualsColdAsync(harness, warm)).Summary.TotalRequests;
        Assert.True(onlyA > 0);

        await harness.IngestAsync("b.jsonl", SampleShard.Bytes(SampleShard.Text(seed: 32, lines: 200, startSeconds: SampleShard.BaseTime + 3600, spanSeconds: 7200), gzip: false), "v1");
        await harness.Aggregation.AggregateAsync(null, CancellationToken.None);
        var both = await AssertWarmEqualsColdAsync(harness, warm);
        Assert.Equal(["a.jsonl", "b.jsonl"], both.Shards);
        Assert.True(both.Summary.TotalRequests > onlyA);

        Assert.True(await harness.Purge.PurgeAsync("a.jsonl", CancellationToken.None));
        await harness.Aggregation.AggregateAsync(null, CancellationToken.None);
        var onlyB = await AssertWarmEqualsColdAsync(harness, warm);
        Assert.Equal(["b.jsonl"], onlyB.Shards);
        Assert.DoesNotContain(onlyB.Hourly, h => h.Hour == From);

        Assert.True(await harness.Purge.PurgeAsync("b.jsonl", CancellationToken.None));
        await harness.Aggregation.AggregateAsync(null, CancellationToken.None);
        var none = await AssertWarmEqualsColdAsync(harness, warm);
        Assert.Equal(0, none.Summary.TotalRequests);
        Assert.Empty(none.Hourly);
    }

    [Fact]
    public async Task A_cache_smaller_than_the_range_still_returns_every_hour_it_read()
    {
        var harness = new StorageHarness(azurite);
        await harness.IngestAsync("a.jsonl", SampleShard.Bytes(SampleShard.Text(seed: 33, lines: 200, spanSeconds: 3 * 3600), gzip: false), "v1");
        await harness.Aggregation.AggregateAsync(null, CancellationToken.None);

        // Room for one hour: every store of the range clears the others, yet the call returns all the hours it read.
        var cache = new HourlyRowCache(maxHours: 1);
        string partition = TableSchema.MonthKey(From), start = KeyEncoding.HourKey(From), end = KeyEncoding.HourKey(To);
        var first = await cache.ReadAsync(harness.Tables.Hourly, partition, start, end, CancellationToken.None);
        var second = await cache.ReadAsync(harness.Tables.Hourly, partition, start, end, CancellationToken.None);
        Assert.Equal(3, first.Count);
        Assert.Equal(first.Select(h => h.HourKey), second.Select(h => h.HourKey));
        Assert.Equal(1, cache.Count);
    }

    private static async Task<AnalysisReport> AssertWarmEqualsColdAsync(StorageHarness harness, ReportService warm)
    {
        var cold = new ReportService(harness.Tables, Options.Create(harness.Options), harness.Analyzer);
        var fromMemory = await warm.GetReportAsync(From, To, null, CancellationToken.None);

        // Asked again with nothing changed, every hour comes from memory.
        long fetched = warm.HoursFetched;
        Assert.Equal(ReportJson.Serialize(fromMemory), ReportJson.Serialize(await warm.GetReportAsync(From, To, null, CancellationToken.None)));
        Assert.Equal(fetched, warm.HoursFetched);
        Assert.Equal(ReportJson.Serialize(await cold.GetReportAsync(From, To, null, CancellationToken.None)), ReportJson.Serialize(fromMemory));
        foreach (var model in fromMemory.ByModel.Select(m => m.Name))
        {
            Assert.Equal(
                ReportJson.Serialize(await cold.GetReportAsync(From, To, model, CancellationToken.None)),
                ReportJson.Serialize(await warm.GetReportAsync(From, To, model, CancellationToken.None)));
        }

        return fromMemory;
    }
}
