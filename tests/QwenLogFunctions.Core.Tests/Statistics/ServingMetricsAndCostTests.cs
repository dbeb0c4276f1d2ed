using System.Text.Json.Nodes;
using QwenLogFunctions.Core.Cost;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Statistics;

namespace QwenLogFunctions.Core.Tests.Statistics;

/// <summary>Queue time, time per output token, GPU memory and the GPU cost model against figures computed by hand.</summary>
public class ServingMetricsAndCostTests
{
    private const long H0 = LogLines.Hour0;
    private const long H1 = LogLines.Hour0 + 3600;

    private static readonly GpuCostOptions Prices = GpuCostOptions.Parse(["A=3", "*=1"], "USD", alwaysOn: false, out _)!;

    private static string Request(long timestamp, double latencyMs, string device, string model, long prompt, long completion, Action<JsonObject>? metadata = null, string id = "r") =>
        LogLines.Line(timestamp: timestamp, latency: latencyMs, prompt: prompt, completion: completion, model: model, requestId: id, edit: line =>
        {
            var meta = line["metadata"]!.AsObject();
            meta["device"] = device;
            metadata?.Invoke(meta);
        });

    [Fact]
    public void Queue_time_itl_and_gpu_memory_are_exact()
    {
        var shard = LogLines.Shard(
            // ITL computed: (1000 − 200) / (5 − 1) = 200 ms; 1.5 GB = 1536 MiB.
            LogLines.Line(latency: 1000, firstToken: 200, completion: 5, edit: l => { l["metadata"]!["queue_time_ms"] = 10; l["metadata"]!["gpu_memory_gb"] = 1.5; }),
            // mean_itl_ms logged: taken as is, even though the computed one would differ.
            LogLines.Line(latency: 1000, firstToken: 200, completion: 5, edit: l => { l["metadata"]!["queue_time_ms"] = 20; l["metadata"]!["mean_itl_ms"] = 30; l["metadata"]!["gpu_memory_mb"] = 2048; }),
            LogLines.Line(latency: 1000, firstToken: 200, completion: 1),  // one token: no ITL
            LogLines.Line(latency: 100, firstToken: 200, completion: 5),   // total below first token: no ITL
            LogLines.Line(latency: 1000, firstToken: null, completion: 5)); // no first token: no ITL

        var report = LogLines.Analyze(shard).Build();

        Assert.Equal(new PercentileSummary(2, 115, 200, 200, 200, 200), report.Summary.ItlMs);
        Assert.Equal(new PercentileSummary(2, 15, 20, 20, 20, 20), report.Summary.QueueTimeMs);
        Assert.Equal(new GpuMemorySummary(2, 1792, 2048), report.Summary.GpuMemoryMb);
        Assert.Equal(report.Summary.ItlMs, report.Hourly[0].ItlMs);
        Assert.Equal(report.Summary.QueueTimeMs, report.ByModel[0].QueueTimeMs);
        Assert.Equal(report.Summary.GpuMemoryMb, report.ByDevice[0].GpuMemoryMb);

        var json = JsonNode.Parse(ReportJson.Serialize(report))!["summary"]!;
        Assert.Equal(200, (double)json["itl_ms"]!["p99"]!);
        Assert.Equal(15, (double)json["queue_time_ms"]!["mean"]!);
        Assert.Equal(2048, (double)json["gpu_memory_mb"]!["max"]!);
    }

    /// <summary>
    /// Device A at 3 USD per GPU-hour, T at the default 1. Lines are stamped at the end of the response.
    /// r1 A [70, 100) and r2 A [80, 120) overlap: 50 s; r3 A [990, 1000) is disjoint: 10 s; r4 A is stamped 20 s
    /// into hour 1 after 50 s: 30 s in hour 0, 20 s in hour 1; r5 T [498, 500): 2 s.
    /// </summary>
    private static byte[] CostShard() => LogLines.Shard(
        Request(H0 + 100, 30_000, "A", "m1", 40, 60, id: "r1"),    // 100 tokens
        Request(H0 + 120, 40_000, "A", "m1", 100, 200, id: "r2"),  // 300 tokens
        Request(H0 + 1000, 10_000, "A", "m2", 100, 500, id: "r3"), // 600 tokens
        Request(H1 + 20, 50_000, "A", "m1", 50, 150, id: "r4"),    // 200 tokens
        Request(H0 + 500, 2_000, "T", "m2", 10, 40, id: "r5"));    // 50 tokens

    [Fact]
    public void Busy_time_union_hour_boundaries_and_cost_shares_match_the_hand_computation()
    {
        var report = LogLines.Analyze(CostShard()).Build(cost: Prices);

        // Summary: paid A·h0, A·h1, T·h0 = 3 GPU-hours = 3 + 3 + 1 = 7 USD; busy 50 + 10 + 30 + 20 + 2 = 112 s; 1,250 tokens.
        AssertCost(report.Summary.Cost, gpuHours: 3, busy: 112, utilization: 112 / (3 * 3600.0), total: 7, perRequest: 7 / 5.0, perMillion: 7 / 1250.0 * 1e6);

        // Hours: h0 has A and T (busy 90 + 2), h1 has A (busy 20).
        AssertCost(report.Hourly[0].Cost, 2, 92, 92 / 7200.0, 4, 1, 4 / 1050.0 * 1e6);
        AssertCost(report.Hourly[1].Cost, 1, 20, 20 / 3600.0, 3, 3, 3 / 200.0 * 1e6);

        // Models: the A·h0 hour (3 USD over 1,000 tokens) gives r1 0.3, r2 0.9, r3 1.8; r4 pays A·h1 alone, r5 T·h0 alone.
        var m1 = report.ByModel.Single(m => m.Name == "m1");
        var m2 = report.ByModel.Single(m => m.Name == "m2");
        AssertCost(m1.Cost, 0.1 + 0.3 + 1, 80 + 20, 100 / 7200.0, 0.3 + 0.9 + 3, (0.3 + 0.9 + 3) / 3, (0.3 + 0.9 + 3) / 600 * 1e6);
        AssertCost(m2.Cost, 0.6 + 1, 10 + 2, 12 / 7200.0, 1.8 + 1, 2.8 / 2, 2.8 / 650 * 1e6);

        var a = report.ByDevice.Single(d => d.Name == "A");
        var t = report.ByDevice.Single(d => d.Name == "T");
        AssertCost(a.Cost, 2, 110, 110 / 7200.0, 6, 6 / 4.0, 6 / 1200.0 * 1e6);
        AssertCost(t.Cost, 1, 2, 2 / 3600.0, 1, 1, 1 / 50.0 * 1e6);
        Assert.Equal("USD", report.Summary.Cost.Currency);

        // Sketch mode gives the same cost figures: busy time and tokens are exact in both.
        var sketched = new ShardAnalyzer(new AnalyzerOptions()).Analyze([LogLines.Source("s.jsonl", CostShard())], exactPercentiles: false).Build(cost: Prices);
        Assert.Equal(report.Summary.Cost, sketched.Summary.Cost);
    }

    [Fact]
    public void Lines_stamped_at_the_start_serve_forward_from_the_timestamp()
    {
        // Stamped at the start, r4 [3620, 3670) lies in hour 1 only; r1 [100, 130) and r2 [120, 160) overlap: 60 s.
        var report = LogLines.Analyze(CostShard(), new AnalyzerOptions { LineTimestamp = LineTimestamp.Start }).Build(cost: Prices);
        Assert.Equal(60 + 10 + 2, report.Hourly[0].Cost.BusySeconds);
        Assert.Equal(50, report.Hourly[1].Cost.BusySeconds);
    }

    [Fact]
    public void Two_shards_of_one_device_in_one_hour_merge_to_the_union_through_stored_partials()
    {
        // Shard a: [70, 100); shard b: [80, 120). Separately 30 + 40 s; together 50 s, not 70.
        var a = Cell(H0 + 100, 30_000, 40, 60);
        var b = Cell(H0 + 120, 40_000, 100, 200);
        var merged = new ReportAccumulator(exactPercentiles: false);
        merged.AddStatistics(H0, "m1", "A", StatisticsAccumulator.FromBytes(a.ToBytes()));
        merged.AddStatistics(H0, "m1", "A", StatisticsAccumulator.FromBytes(b.ToBytes()));

        var report = merged.Build(cost: Prices);
        AssertCost(report.Summary.Cost, 1, 50, 50 / 3600.0, 3, 1.5, 3 / 400.0 * 1e6);
    }

    [Fact]
    public void Always_on_pays_every_hour_of_the_range_and_idle_hours_belong_to_no_model()
    {
        var report = LogLines.Analyze(LogLines.Shard(Request(H0 + 100, 30_000, "A", "m1", 40, 60)))
            .Build(new ReportRange(DateTimeOffset.FromUnixTimeSeconds(H0), DateTimeOffset.FromUnixTimeSeconds(H0 + (3 * 3600))), new GpuCostOptions { DefaultPrice = 2, AlwaysOn = true });

        AssertCost(report.Summary.Cost, 3, 30, 30 / (3 * 3600.0), 6, 6, 6 / 100.0 * 1e6, currency: null);
        AssertCost(report.ByModel[0].Cost, 1, 30, 30 / 3600.0, 2, 2, 2 / 100.0 * 1e6, currency: null);
        AssertCost(report.ByDevice[0].Cost, 3, 30, 30 / (3 * 3600.0), 6, 6, 6 / 100.0 * 1e6, currency: null);
    }

    [Fact]
    public void Without_a_price_cost_is_unknown_but_time_and_utilization_are_reported()
    {
        var report = LogLines.Analyze(CostShard()).Build(cost: GpuCostOptions.Parse(["A=3"], null, false, out _));
        Assert.Null(report.Summary.Cost.Total);
        Assert.Equal(3, report.ByDevice.Single(d => d.Name == "A").Cost.Total! / 2);
        Assert.Null(report.ByDevice.Single(d => d.Name == "T").Cost.Total);
        Assert.Equal(112, report.Summary.Cost.BusySeconds);
        Assert.Null(LogLines.Analyze(CostShard()).Build().Summary.Cost.Total);
    }

    [Theory]
    [InlineData("A100")]
    [InlineData("=3")]
    [InlineData("A100=-1")]
    [InlineData("A100=abc")]
    [InlineData("A100=NaN")]
    public void Bad_prices_are_refused_with_what_to_fix(string item)
    {
        Assert.Null(GpuCostOptions.Parse([item], "USD", false, out string? error));
        Assert.Contains("DEVICE=PRICE", error, StringComparison.Ordinal);
    }

    [Fact]
    public void Prices_parse_with_the_last_equals_sign_and_a_default()
    {
        var options = GpuCostOptions.ParseSetting("gpu=0=2.5; *=1", "CNY", false, out _)!;
        Assert.Equal(2.5, options.PriceOf("gpu=0"));
        Assert.Equal(1, options.PriceOf("other"));
        Assert.Equal("CNY", options.Currency);
    }

    [Fact]
    public void Occupancy_splits_at_hour_boundaries_and_round_trips()
    {
        var occupancy = new GpuOccupancy();
        occupancy.Mark(H0 + 3590, H0 + 3610);
        occupancy.Mark(H0 + 3595, H0 + 3605);
        Assert.Equal(10, occupancy.BusySeconds(H0));
        Assert.Equal(10, occupancy.BusySeconds(H1));

        using var buffer = new MemoryStream();
        using (var writer = new BinaryWriter(buffer, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            occupancy.WriteTo(writer);
        }

        int position = 0;
        var read = GpuOccupancy.Read(buffer.ToArray(), ref position);
        Assert.Equal([H0, H1], read.Hours);
        Assert.Equal(10, read.BusySeconds(H1));
    }

    private static StatisticsAccumulator Cell(long timestamp, double latencyMs, long prompt, long completion)
    {
        var request = new RequestMetrics(timestamp, "m1", "A", prompt, completion, latencyMs, double.NaN, true, false, RequestFlags.None);
        var accumulator = new StatisticsAccumulator();
        accumulator.Add(request);
        accumulator.MarkServing(request, stampedAtStart: false);
        return accumulator;
    }

    private static void AssertCost(CostSummary cost, double gpuHours, long busy, double utilization, double total, double perRequest, double perMillion, string? currency = "USD")
    {
        Assert.Equal(gpuHours, cost.GpuHours, 9);
        Assert.Equal(busy, cost.BusySeconds);
        Assert.Equal(utilization, cost.Utilization!.Value, 12);
        Assert.Equal(total, cost.Total!.Value, 9);
        Assert.Equal(perRequest, cost.PerRequestMean!.Value, 9);
        Assert.Equal(perMillion, cost.PerMillionTokens!.Value, 6);
        Assert.Equal(currency, cost.Currency);
    }
}
