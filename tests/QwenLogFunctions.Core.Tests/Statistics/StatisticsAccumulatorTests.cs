using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Statistics;

namespace QwenLogFunctions.Core.Tests.Statistics;

public class StatisticsAccumulatorTests
{
    private static RequestMetrics Request(double latency, double firstToken = double.NaN, long completion = 100, bool success = true, RequestFlags flags = RequestFlags.None, long timestamp = 1735689600) =>
        new(timestamp, "m", "cuda:0", 10, completion, latency, firstToken, success, false, flags);

    [Fact]
    public void Percentiles_use_the_article_definition()
    {
        // sorted(latencies)[int(0.95 * len(latencies))]: for 10 values, index 9.
        var accumulator = new StatisticsAccumulator(keepExactValues: true);
        foreach (int latency in new[] { 10, 20, 30, 40, 50, 60, 70, 80, 90, 100 })
        {
            accumulator.Add(Request(latency));
        }

        var summary = accumulator.ToSummary();
        Assert.Equal(60, summary.LatencyMs.P50);
        Assert.Equal(100, summary.LatencyMs.P95);
        Assert.Equal(100, summary.LatencyMs.P99);
        Assert.Equal(55, summary.LatencyMs.Mean);
    }

    [Fact]
    public void Without_decode_speed_buckets_every_reported_figure_is_the_same()
    {
        // Analyze's accumulators keep no decode-speed buckets (no report shows a decode percentile): the summary, which
        // is all a report takes from them, must not change; such an accumulator cannot be stored.
        var random = new Random(7);
        var full = new StatisticsAccumulator();
        var lean = new StatisticsAccumulator(sketchDecodeSpeed: false);
        for (int i = 0; i < 2_000; i++)
        {
            var request = Request(latency: random.Next(0, 20_000), firstToken: random.Next(4) == 0 ? double.NaN : random.Next(0, 2_000), completion: random.Next(0, 900));
            full.Add(request);
            lean.Add(request);
        }

        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(full.ToSummary()),
            System.Text.Json.JsonSerializer.Serialize(lean.ToSummary()));
        Assert.True(full.DecodeSpeed.KeepsBuckets);
        Assert.False(lean.DecodeSpeed.KeepsBuckets);
        Assert.Equal(full.DecodeSpeed.Count, lean.DecodeSpeed.Count);
        Assert.Throws<InvalidOperationException>(() => lean.ToBytes());
        full.ToBytes();
    }

    [Fact]
    public void Throughput_skips_zero_latency_and_decode_needs_first_token()
    {
        var accumulator = new StatisticsAccumulator();
        accumulator.Add(Request(latency: 1000, firstToken: 200, completion: 101)); // throughput 101, decode 100/0.8 = 125
        accumulator.Add(Request(latency: 0, completion: 50));                      // no throughput, no decode
        accumulator.Add(Request(latency: 2000, completion: 100));                   // throughput 50, no decode (no first token)

        var summary = accumulator.ToSummary();
        Assert.Equal(2, summary.ThroughputTps.Count);
        Assert.Equal(75.5, summary.ThroughputTps.Mean);
        Assert.Equal(1, summary.DecodeTps.Count);
        Assert.Equal(125, summary.DecodeTps.Mean);
        Assert.Equal(1, summary.FirstTokenLatencyMs.Count);
    }

    [Fact]
    public void Success_rate_and_flags_are_counted()
    {
        var accumulator = new StatisticsAccumulator();
        accumulator.Add(Request(100, success: false, flags: RequestFlags.EmptyResponse));
        accumulator.Add(Request(100, flags: RequestFlags.PiiPhone | RequestFlags.PiiEmail));
        accumulator.Add(Request(100));
        accumulator.Add(Request(100));

        var summary = accumulator.ToSummary();
        Assert.Equal(0.75, summary.SuccessRate);
        Assert.Equal(1, accumulator.FlagCount(RequestFlags.PiiPhone));
        Assert.Equal(1, accumulator.FlagCounts()["empty_response"]);
        Assert.Equal(0, accumulator.FlagCounts()["refusal"]);
        Assert.Equal(FlagNames.Count, accumulator.FlagCounts().Count);
    }

    [Fact]
    public void Partials_merge_exactly_and_survive_serialization()
    {
        var whole = new StatisticsAccumulator();
        var parts = new[] { new StatisticsAccumulator(), new StatisticsAccumulator(), new StatisticsAccumulator() };
        var values = QuantileSketchTests.Generate("lognormal", 3000, 1);
        for (int i = 0; i < values.Length; i++)
        {
            var request = Request(values[i], values[i] / 5, completion: i % 300, success: i % 10 != 0, flags: i % 3 == 0 ? RequestFlags.Refusal : RequestFlags.None);
            whole.Add(request);
            parts[i % 3].Add(request);
        }

        var merged = new StatisticsAccumulator();
        foreach (var part in parts)
        {
            merged.Merge(StatisticsAccumulator.FromBytes(part.ToBytes()));
        }

        var a = whole.ToSummary();
        var b = merged.ToSummary();
        Assert.Equal(a.TotalRequests, b.TotalRequests);
        Assert.Equal(a.SuccessRate, b.SuccessRate);
        Assert.Equal(a.AvgCompletionTokens, b.AvgCompletionTokens);
        Assert.Equal(a.LatencyMs.P95, b.LatencyMs.P95);
        Assert.Equal(a.FirstTokenLatencyMs.P99, b.FirstTokenLatencyMs.P99);
        Assert.Equal(a.ThroughputTps.Mean!.Value, b.ThroughputTps.Mean!.Value, 9);
        Assert.Equal(whole.FlagCount(RequestFlags.Refusal), merged.FlagCount(RequestFlags.Refusal));
        var truncated = whole.ToBytes().AsSpan(0, 30).ToArray();
        Assert.Throws<FormatException>(() => StatisticsAccumulator.FromBytes(truncated));
    }

    [Fact]
    public void Hour_buckets_are_utc_hours()
    {
        Assert.Equal(1735689600, Request(1, timestamp: 1735689600 + 3599).HourStartSeconds);
        Assert.Equal(1735693200, Request(1, timestamp: 1735693200).HourStartSeconds);
    }
}
