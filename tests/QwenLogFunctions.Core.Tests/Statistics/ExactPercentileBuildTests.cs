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
