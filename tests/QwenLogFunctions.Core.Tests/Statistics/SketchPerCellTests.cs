using CsCheck;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Statistics;

namespace QwenLogFunctions.Core.Tests.Statistics;

/// <summary>
/// Sketching per (hour, model, device) cell and merging the cells' sketches per group at build must give the report a
/// sketch per group gives, figure for figure: merged sketches answer as one sketch fed every value, and the groups'
/// counts, sums, minima and maxima are still added request by request in the same order.
/// </summary>
public class SketchPerCellTests
{
    private static readonly string[] Models = ["qwen2.5-7b-instruct", "qwen2.5-14b", "llama"];
    private static readonly string[] Devices = ["cuda:0", "cuda:1"];

    private static readonly Gen<double> Latency = Gen.OneOf(
        Gen.Double[0, 5_000], Gen.Double[1e-12, 1e-6], Gen.Const(0.0), Gen.Const(double.NaN), Gen.Double[1e5, 1e9]);

    private static readonly Gen<RequestMetrics> Request =
        Gen.Select(Gen.Int[0, 5 * 3600], Gen.Int[0, Models.Length - 1], Gen.Int[0, Devices.Length - 1], Gen.Long[0, 2_000], Latency, Latency, Latency, Latency)
            .Select((seconds, model, device, completion, total, firstToken, queue, itl) => new RequestMetrics(
                TimestampSeconds: 1_735_689_600 + seconds,
                Model: Models[model],
                Device: Devices[device],
                PromptTokens: completion / 3,
                CompletionTokens: completion,
                TotalLatencyMs: total,
                FirstTokenLatencyMs: firstToken,
                Success: completion > 0,
                IsErrorLevel: false,
                Flags: RequestFlags.None,
                QueueTimeMs: queue,
                MeanItlMs: itl));

    [Fact]
    public void A_sketch_per_cell_gives_the_report_of_a_sketch_per_group()
    {
        // Requests in up to three blocks, merged in order as the analyzer's workers merge theirs.
        Gen.Select(Request.List[0, 300], Gen.Int[0, 300], Gen.Int[0, 300]).Sample((requests, cutA, cutB) =>
        {
            int first = Math.Min(Math.Min(cutA, cutB), requests.Count);
            int second = Math.Min(Math.Max(cutA, cutB), requests.Count);
            int[] cuts = [0, first, second, requests.Count];
            string perGroup = ReportJson.Serialize(Accumulate(requests, cuts, sketchPerCell: false).Build());
            string perCell = ReportJson.Serialize(Accumulate(requests, cuts, sketchPerCell: true).Build());
            Assert.Equal(perGroup, perCell);
            Assert.Contains("\"percentile_method\": \"sketch\"", perCell, StringComparison.Ordinal);
        });
    }

    [Fact]
    public void Every_summary_with_values_gets_its_percentiles()
    {
        var requests = Request.List[50, 50].Single();
        var report = Accumulate(requests, [0, requests.Count], sketchPerCell: true).Build();
        foreach (var summary in new SummaryStatistics[] { report.Summary }.Concat(report.Hourly).Concat(report.ByModel).Concat(report.ByDevice))
        {
            foreach (var distribution in new[] { summary.LatencyMs, summary.FirstTokenLatencyMs, summary.QueueTimeMs, summary.ItlMs })
            {
                Assert.Equal(distribution.Count > 0, distribution.P50 is not null && distribution.P95 is not null && distribution.P99 is not null);
            }
        }
    }

    [Fact]
    public void Stored_statistics_are_refused_by_an_accumulator_that_sketches_per_cell()
    {
        var statistics = new StatisticsAccumulator();
        statistics.Add(Request.Single());
        var accumulator = new ReportAccumulator(exactPercentiles: false, sketchPerCell: true);
        Assert.Throws<InvalidOperationException>(() => accumulator.AddStatistics(1_735_689_600, "m", "d", statistics));
    }

    private static ReportAccumulator Accumulate(List<RequestMetrics> requests, int[] cuts, bool sketchPerCell)
    {
        var result = new ReportAccumulator(exactPercentiles: false, sketchPerCell: sketchPerCell);
        for (int block = 0; block + 1 < cuts.Length; block++)
        {
            var part = new ReportAccumulator(exactPercentiles: false, sketchPerCell: sketchPerCell);
            for (int i = cuts[block]; i < cuts[block + 1]; i++)
            {
                part.AddRequest(requests[i]);
            }

            result.Merge(part);
        }

        return result;
    }
}
