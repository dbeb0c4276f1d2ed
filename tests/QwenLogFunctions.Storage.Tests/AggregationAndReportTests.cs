using System.Text;
using QwenLogFunctions.Core.Cost;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Storage.Queries;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

[Collection(AzuriteTests.CollectionName)]
public sealed class AggregationAndReportTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset From = DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime);
    private static readonly DateTimeOffset To = From.AddHours(6);

    [Fact]
    public async Task Report_after_parallel_ingest_and_aggregate_equals_analyze_of_the_same_files()
    {
        var harness = new StorageHarness(azurite);

        // Two shards over the same hours, ingested at the same time: neither may lose the other's counts.
        var shards = new (string Name, string Text, bool Gzip)[]
        {
            ("a.jsonl.gz", SampleShard.Text(seed: 10, lines: 700), true),
            ("b.jsonl", SampleShard.Text(seed: 11, lines: 500), false),
        };
        await Task.WhenAll(shards.Select(s => harness.IngestAsync(s.Name, SampleShard.Bytes(s.Text, s.Gzip), "v1")));
        var aggregation = await harness.Aggregation.AggregateAsync(null, CancellationToken.None);
        Assert.Equal(2, aggregation.Hours.Count);
        Assert.All(aggregation.Hours, h => Assert.Equal(2, h.Shards.Count));

        var report = await harness.Reports.GetReportAsync(From, To, null, CancellationToken.None);
        var analyzer = await new ShardAnalyzer(harness.Analyzer).AnalyzeAsync(
            [.. shards.Select(s => new ShardSource(s.Name, () => new MemoryStream(SampleShard.Bytes(s.Text, s.Gzip)), null))],
            exactPercentiles: true);
        var analyzed = analyzer.Build();

        // GPU cost: busy seconds and tokens are exact in both, so every cost figure matches (same range, same prices).
        var prices = GpuCostOptions.Parse(["*=2.5"], "USD", alwaysOn: false, out _)!;
        var costed = await harness.Reports.GetReportAsync(From, To, null, CancellationToken.None, prices);
        var analyzedCost = analyzer.Build(new ReportRange(From, To), prices);
        Assert.True(analyzedCost.Summary.Cost.BusySeconds > 0);
        AssertSameCost(analyzedCost.Summary.Cost, costed.Summary.Cost);
        Assert.Equal(analyzedCost.Hourly.Count, costed.Hourly.Count);
        foreach (var (e, a) in analyzedCost.Hourly.Zip(costed.Hourly))
        {
            AssertSameCost(e.Cost, a.Cost);
        }

        foreach (var (e, a) in analyzedCost.ByModel.Zip(costed.ByModel).Concat(analyzedCost.ByDevice.Zip(costed.ByDevice)))
        {
            Assert.Equal(e.Name, a.Name);
            AssertSameCost(e.Cost, a.Cost);
            AssertSameFigures(e, a);
        }

        Assert.Equal(analyzed.Lines, report.Lines);
        Assert.Equal(analyzed.Flags, report.Flags);
        Assert.Equal(analyzed.Shards, report.Shards);
        Assert.Equal(analyzed.Rejects, report.Rejects);
        AssertSameFigures(analyzed.Summary, report.Summary);
        Assert.True(analyzed.Summary.GpuMemoryMb.Count > 0 && analyzed.Summary.QueueTimeMs.Count > 0 && analyzed.Summary.ItlMs.Count > 0, "the sample logs vLLM's fields");
        Assert.Equal(analyzed.Hourly.Select(h => (h.Hour, h.TotalRequests)), report.Hourly.Select(h => (h.Hour, h.TotalRequests)));
        Assert.Equal(analyzed.ByModel.Select(g => (g.Name, g.TotalRequests)), report.ByModel.Select(g => (g.Name, g.TotalRequests)));
        Assert.Equal(analyzed.ByDevice.Select(g => (g.Name, g.TotalRequests)), report.ByDevice.Select(g => (g.Name, g.TotalRequests)));
        Assert.Equal("sketch", report.PercentileMethod);

        // Model filter: only that model's requests; a crafted value matches nothing instead of widening the filter.
        var model = analyzed.ByModel[0];
        var forModel = await harness.Reports.GetReportAsync(From, To, model.Name, CancellationToken.None);
        Assert.Equal(model.TotalRequests, forModel.Summary.TotalRequests);
        Assert.Equal(model.Flags, forModel.Flags);
        var crafted = await harness.Reports.GetReportAsync(From, To, "x' or PartitionKey ne '", CancellationToken.None);
        Assert.Equal(0, crafted.Summary.TotalRequests);

        // Nothing changed since: a second run merges nothing; the report stays the same.
        Assert.Empty((await harness.Aggregation.AggregateAsync(null, CancellationToken.None)).Hours);
        Assert.Equal(ReportJson.Serialize(report), ReportJson.Serialize(await harness.Reports.GetReportAsync(From, To, null, CancellationToken.None)));

        // Purge one shard: its hours become dirty, and after aggregation the report is the other shard's alone.
        Assert.True(await harness.Purge.PurgeAsync("a.jsonl.gz", CancellationToken.None));
        Assert.Equal(2, (await harness.Aggregation.AggregateAsync(null, CancellationToken.None)).Hours.Count);
        var afterPurge = await harness.Reports.GetReportAsync(From, To, null, CancellationToken.None);
        var onlyB = (await new ShardAnalyzer(harness.Analyzer).AnalyzeAsync(
            [new ShardSource("b.jsonl", () => new MemoryStream(Encoding.UTF8.GetBytes(shards[1].Text)), null)], exactPercentiles: true)).Build();
        Assert.Equal(onlyB.Lines, afterPurge.Lines);
        Assert.Equal(onlyB.Flags, afterPurge.Flags);
        Assert.Equal(["b.jsonl"], afterPurge.Shards);
        var purged = await harness.Requests.QueryAsync(new RequestQuery(From, PageSize: 1000), CancellationToken.None);
        Assert.DoesNotContain(purged.Requests, r => r.Shard == "a.jsonl.gz");
    }

    [Fact]
    public async Task Two_shards_of_one_device_in_one_hour_count_the_union_of_their_busy_seconds()
    {
        // Shard a serves [100 s − 30 s, 100 s), shard b [120 s − 40 s, 120 s) on the same GPU: together 50 s, not 70.
        var harness = new StorageHarness(azurite);
        var hour = DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime);
        await harness.IngestAsync("a.jsonl", ArticleLogLines.Bytes([ArticleLogLines.Line("r1", hour.AddSeconds(100), "好", latencyMs: 30_000)]), "v1");
        await harness.IngestAsync("b.jsonl", ArticleLogLines.Bytes([ArticleLogLines.Line("r2", hour.AddSeconds(120), "好", latencyMs: 40_000)]), "v1");
        await harness.Aggregation.AggregateAsync(null, CancellationToken.None);

        var prices = GpuCostOptions.Parse(["a100=3"], "USD", alwaysOn: false, out _)!;
        var cost = (await harness.Reports.GetReportAsync(hour, hour.AddHours(1), null, CancellationToken.None, prices)).Summary.Cost;
        Assert.Equal(new CostSummary(1, 50, 50 / 3600.0, 3, 1.5, 3 / 824.0 * 1_000_000, "USD"), cost);
    }

    [Fact]
    public async Task Bad_report_ranges_and_request_queries_are_refused_with_what_to_fix()
    {
        var harness = new StorageHarness(azurite);
        var reversed = await Assert.ThrowsAsync<QueryValidationException>(() => harness.Reports.GetReportAsync(To, From, null, CancellationToken.None));
        Assert.Contains("must be before", reversed.Message, StringComparison.Ordinal);
        var tooLong = await Assert.ThrowsAsync<QueryValidationException>(() => harness.Reports.GetReportAsync(From, From.AddDays(94), null, CancellationToken.None));
        Assert.Contains("93 days", tooLong.Message, StringComparison.Ordinal);

        var flag = await Assert.ThrowsAsync<QueryValidationException>(() => harness.Requests.QueryAsync(new RequestQuery(From, Flag: "nope"), CancellationToken.None));
        Assert.Contains("empty_response", flag.Message, StringComparison.Ordinal);
        await Assert.ThrowsAsync<QueryValidationException>(() => harness.Requests.QueryAsync(new RequestQuery(From, PageSize: 0), CancellationToken.None));
        await Assert.ThrowsAsync<QueryValidationException>(() => harness.Requests.QueryAsync(new RequestQuery(From, ContinuationToken: "%%%"), CancellationToken.None));
    }

    private static void AssertSameFigures(SummaryStatistics expected, SummaryStatistics actual)
    {
        Assert.Equal(expected.TotalRequests, actual.TotalRequests);
        Assert.Equal(expected.SuccessfulRequests, actual.SuccessfulRequests);
        Assert.Equal(expected.ErrorLevelRequests, actual.ErrorLevelRequests);
        Assert.Equal(expected.JsonModeRequests, actual.JsonModeRequests);
        Assert.Equal(expected.AvgPromptTokens!.Value, actual.AvgPromptTokens!.Value, 9);
        Assert.Equal(expected.AvgCompletionTokens!.Value, actual.AvgCompletionTokens!.Value, 9);
        Assert.Equal(expected.ThroughputTps.Count, actual.ThroughputTps.Count);
        Assert.Equal(expected.ThroughputTps.Mean!.Value, actual.ThroughputTps.Mean!.Value, 6);
        Assert.Equal(expected.GpuMemoryMb.Count, actual.GpuMemoryMb.Count);
        Assert.Equal(expected.GpuMemoryMb.Max, actual.GpuMemoryMb.Max);
        if (expected.GpuMemoryMb.Count > 0)
        {
            Assert.Equal(expected.GpuMemoryMb.Mean!.Value, actual.GpuMemoryMb.Mean!.Value, 6);
        }

        foreach (var (e, a) in new[]
        {
            (expected.LatencyMs, actual.LatencyMs), (expected.FirstTokenLatencyMs, actual.FirstTokenLatencyMs),
            (expected.QueueTimeMs, actual.QueueTimeMs), (expected.ItlMs, actual.ItlMs),
        })
        {
            Assert.Equal(e.Count, a.Count);
            Assert.Equal(e.Max, a.Max);
            if (e.Count == 0)
            {
                continue;
            }

            foreach (var (x, y) in new[] { (e.P50, a.P50), (e.P95, a.P95), (e.P99, a.P99) })
            {
                Assert.InRange(y!.Value, x!.Value * 0.99, x.Value * 1.01);
            }
        }
    }

    private static void AssertSameCost(CostSummary expected, CostSummary actual)
    {
        Assert.Equal(expected.BusySeconds, actual.BusySeconds);
        Assert.Equal(expected.GpuHours, actual.GpuHours, 9);
        Assert.Equal(expected.Utilization, actual.Utilization);
        Assert.Equal(expected.Total!.Value, actual.Total!.Value, 9);
        Assert.Equal(expected.PerRequestMean!.Value, actual.PerRequestMean!.Value, 9);
        Assert.Equal(expected.PerMillionTokens!.Value, actual.PerMillionTokens!.Value, 6);
        Assert.Equal(expected.Currency, actual.Currency);
    }
}
