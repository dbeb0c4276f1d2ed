using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Statistics;

namespace QwenLogFunctions.Core.Tests.Statistics;

/// <summary>
/// Exact percentiles are selected on several threads when the analyzer has them: the report must be the same, figure
/// for figure, as on one thread, and every summary's exact P95 must be the article's (rank floor(0.95·n) of the sorted values).
/// </summary>
public class ExactPercentileBuildTests
{
    [Theory]
    [InlineData(2)]
    [InlineData(7)]
    public void Building_on_several_threads_gives_the_report_built_on_one(int parallelism)
    {
        string one = ReportJson.Serialize(Accumulate(buildParallelism: 1).Build());
        string several = ReportJson.Serialize(Accumulate(buildParallelism: parallelism).Build());
        Assert.Equal(one, several);
    }

    [Fact]
    public void Every_summary_gets_the_exact_percentile_of_its_own_requests()
    {
        var report = Accumulate(buildParallelism: 3).Build();
        var metrics = Metrics().ToList();
        Assert.Equal(ArticleP95(metrics.Select(m => m.TotalLatencyMs)), report.Summary.LatencyMs.P95);
        foreach (var hour in report.Hourly)
        {
            long start = hour.Hour.ToUnixTimeSeconds();
            Assert.Equal(ArticleP95(metrics.Where(m => m.TimestampSeconds / 3600 * 3600 == start).Select(m => m.TotalLatencyMs)), hour.LatencyMs.P95);
        }

        foreach (var model in report.ByModel)
        {
            Assert.Equal(ArticleP95(metrics.Where(m => m.Model == model.Name).Select(m => m.FirstTokenLatencyMs)), model.FirstTokenLatencyMs.P95);
        }

        foreach (var device in report.ByDevice)
        {
            Assert.Equal(ArticleP95(metrics.Where(m => m.Device == device.Name).Select(m => m.QueueTimeMs)), device.QueueTimeMs.P95);
        }
    }

    [Fact]
    public void An_exact_report_differs_from_a_sketched_one_only_in_its_percentiles()
    {
        // The exact report's sketches keep no buckets: counts, means and maxima must still be the sketched report's,
        // every other figure too, and every percentile of a measure with values must be filled in.
        var exact = Accumulate(buildParallelism: 2).Build();
        var sketchedAccumulator = new ReportAccumulator(exactPercentiles: false);
        foreach (var metrics in Metrics())
        {
            sketchedAccumulator.AddRequest(metrics);
        }

        var sketched = sketchedAccumulator.Build();
        var exactSummaries = Summaries(exact).ToList();
        var sketchedSummaries = Summaries(sketched).ToList();
        Assert.Equal(sketchedSummaries.Count, exactSummaries.Count);
        for (int i = 0; i < exactSummaries.Count; i++)
        {
            var (e, s) = (exactSummaries[i], sketchedSummaries[i]);
            Assert.Equal(s with { P50 = null, P95 = null, P99 = null }, e with { P50 = null, P95 = null, P99 = null });
            Assert.Equal(e.Count > 0, e.P50 is not null && e.P95 is not null && e.P99 is not null);
        }

        Assert.True(System.Text.Json.Nodes.JsonNode.DeepEquals(WithoutPercentiles(sketched), WithoutPercentiles(exact)));
    }

    /// <summary>The report as JSON without its percentiles and the name of the method that computed them.</summary>
    private static System.Text.Json.Nodes.JsonNode WithoutPercentiles(AnalysisReport report)
    {
        var root = System.Text.Json.Nodes.JsonNode.Parse(ReportJson.Serialize(report))!;
        Strip(root);
        return root;

        static void Strip(System.Text.Json.Nodes.JsonNode? node)
        {
            if (node is System.Text.Json.Nodes.JsonObject obj)
            {
                foreach (string name in new[] { "p50", "p95", "p99", "percentile_method" })
                {
                    obj.Remove(name);
                }

                foreach (var (_, child) in obj)
                {
                    Strip(child);
                }
            }
            else if (node is System.Text.Json.Nodes.JsonArray array)
            {
                foreach (var child in array)
                {
                    Strip(child);
                }
            }
        }
    }

    private static IEnumerable<PercentileSummary> Summaries(AnalysisReport report)
    {
        foreach (var summary in new SummaryStatistics[] { report.Summary }.Concat(report.Hourly).Concat(report.ByModel).Concat(report.ByDevice))
        {
            yield return summary.LatencyMs;
            yield return summary.FirstTokenLatencyMs;
            yield return summary.QueueTimeMs;
            yield return summary.ItlMs;
        }
    }

    [Fact]
    public void Summaries_over_the_same_requests_share_one_selection_and_each_gets_it()
    {
        // One model and one device: their summaries cover every request, as the overall one does (one selection per
        // measure serves all three); each hour still gets its own.
        var accumulator = new ReportAccumulator(exactPercentiles: true) { BuildParallelism = 2 };
        var metrics = Metrics().Select(m => m with { Model = "qwen2.5-7b-instruct", Device = "cuda:0" }).ToList();
        foreach (var request in metrics)
        {
            accumulator.AddRequest(request);
        }

        var report = accumulator.Build();
        foreach (var summary in new SummaryStatistics[] { report.Summary, report.ByModel.Single(), report.ByDevice.Single() })
        {
            Assert.Equal(ArticleP95(metrics.Select(m => m.TotalLatencyMs)), summary.LatencyMs.P95);
            Assert.Equal(ArticleP95(metrics.Select(m => m.FirstTokenLatencyMs)), summary.FirstTokenLatencyMs.P95);
            Assert.Equal(ArticleP95(metrics.Select(m => m.QueueTimeMs)), summary.QueueTimeMs.P95);
            Assert.NotNull(summary.ItlMs.P99);
        }

        Assert.Equal(report.Summary.ItlMs, report.ByModel.Single().ItlMs);
        foreach (var hour in report.Hourly)
        {
            long start = hour.Hour.ToUnixTimeSeconds();
            Assert.Equal(ArticleP95(metrics.Where(m => m.TimestampSeconds / 3600 * 3600 == start).Select(m => m.TotalLatencyMs)), hour.LatencyMs.P95);
        }
    }

    private static double? ArticleP95(IEnumerable<double> values)
    {
        var sorted = values.Where(v => !double.IsNaN(v)).Order().ToList();
        return sorted.Count == 0 ? null : sorted[(int)(0.95 * sorted.Count)];
    }

    private static ReportAccumulator Accumulate(int buildParallelism)
    {
        var accumulator = new ReportAccumulator(exactPercentiles: true) { BuildParallelism = buildParallelism };
        foreach (var metrics in Metrics())
        {
            accumulator.AddRequest(metrics);
        }

        return accumulator;
    }

    private static IEnumerable<RequestMetrics> Metrics()
    {
        var random = new Random(20261206);
        string[] models = ["qwen2.5-7b-instruct", "qwen2.5-14b", "llama"];
        string[] devices = ["cuda:0", "cuda:1"];
        for (int i = 0; i < 5000; i++)
        {
            yield return new RequestMetrics(
                TimestampSeconds: 1735689600 + random.Next(0, 6 * 3600),
                Model: models[random.Next(models.Length)],
                Device: devices[random.Next(devices.Length)],
                PromptTokens: random.Next(1, 500),
                CompletionTokens: random.Next(0, 800),
                TotalLatencyMs: Math.Round(random.NextDouble() * 5000, 1),
                FirstTokenLatencyMs: Math.Round(random.NextDouble() * 400, 2),
                Success: true,
                IsErrorLevel: false,
                Flags: RequestFlags.None,
                QueueTimeMs: random.Next(4) == 0 ? double.NaN : random.Next(0, 200),
                MeanItlMs: random.Next(0, 60));
        }
    }
}
