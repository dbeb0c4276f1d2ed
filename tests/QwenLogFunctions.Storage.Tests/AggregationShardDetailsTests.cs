using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>What aggregation hands to the alert rules per shard: empty runs with their times, request counts, newest request.</summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class AggregationShardDetailsTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset Ten = DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime);

    [Fact]
    public async Task Each_hour_lists_its_shards_with_the_longest_empty_run_ending_there_and_its_times()
    {
        var harness = new StorageHarness(azurite);

        // Hour 10: lines 0-9, empty at 2-5 (a run of 4) and 8-9; hour 11: lines 10-14, empty at 10-12, so the run
        // 8..12 (5 long) starts in hour 10 and ends in hour 11.
        var times = Enumerable.Range(0, 15).Select(i => i < 10 ? Ten.AddMinutes(i * 5) : Ten.AddHours(1).AddMinutes((i - 10) * 5)).ToList();
        bool Empty(int i) => i is (>= 2 and <= 5) or (>= 8 and <= 12);
        await harness.IngestAsync("runs.jsonl", ArticleLogLines.Bytes(times.Select((t, i) => ArticleLogLines.Line($"r{i}", t, Empty(i) ? "" : "好的"))), "v1");
        await harness.IngestAsync("other.jsonl", ArticleLogLines.Bytes([ArticleLogLines.Line("o1", Ten.AddMinutes(58), "ok")]), "v1");

        var result = await harness.Aggregation.AggregateAsync(null, CancellationToken.None);

        Assert.Equal([Ten, Ten.AddHours(1)], result.Hours.Select(h => h.Hour));
        var ten = result.Hours[0];
        var runs = ten.ShardDetails.Single(s => s.Shard == "runs.jsonl");
        Assert.Equal(new(runs.Shard, 10, 4, times[2], times[5], times[9]), runs);
        Assert.Equal(new("other.jsonl", 1, 0, null, null, Ten.AddMinutes(58)), ten.ShardDetails.Single(s => s.Shard == "other.jsonl"));
        Assert.Equal(Ten.AddMinutes(58), ten.LastRequestAt);
        Assert.Equal(4, ten.MaxConsecutiveEmptyResponses);

        var eleven = Assert.Single(result.Hours[1].ShardDetails);
        Assert.Equal(new("runs.jsonl", 5, 5, times[8], times[12], times[14]), eleven);
        Assert.Equal(times[14], result.LastRequestAt);

        // A run that merges nothing still knows the newest request: that is when "no requests for N hours" matters.
        var idle = await harness.Aggregation.AggregateAsync(null, CancellationToken.None);
        Assert.Empty(idle.Hours);
        Assert.Equal(times[14], idle.LastRequestAt);

        // The newest request only moves forward: re-aggregating an older hour does not move it back.
        var older = await harness.Aggregation.AggregateAsync(Ten, CancellationToken.None);
        Assert.Equal(times[14], older.LastRequestAt);
    }

    [Fact]
    public async Task Before_any_request_the_newest_request_time_is_unknown()
    {
        var harness = new StorageHarness(azurite);

        var result = await harness.Aggregation.AggregateAsync(null, CancellationToken.None);

        Assert.Empty(result.Hours);
        Assert.Null(result.LastRequestAt);
    }
}
