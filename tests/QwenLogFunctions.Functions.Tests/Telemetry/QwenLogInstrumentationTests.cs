using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Telemetry;

namespace QwenLogFunctions.Functions.Tests.Telemetry;

[Collection(TelemetryTests.Name)]
public sealed class QwenLogInstrumentationTests
{
    private static (List<MetricSnapshot> Metrics, MeterProvider Provider) Collect()
    {
        // Snapshots, not live Metric objects: the SDK reuses points, and disposing the provider exports once more.
        var metrics = new List<MetricSnapshot>();
        var provider = Sdk.CreateMeterProviderBuilder().AddMeter(QwenLogInstrumentation.Name).AddInMemoryExporter(metrics).Build();
        return (metrics, provider);
    }

    private static IEnumerable<MetricPoint> Points(List<MetricSnapshot> metrics, string name) =>
        metrics.Where(m => m.Name == name).SelectMany(m => m.MetricPoints);

    private static Dictionary<string, object?> Tags(MetricPoint point)
    {
        var tags = new Dictionary<string, object?>();
        foreach (var tag in point.Tags)
        {
            tags[tag.Key] = tag.Value;
        }

        return tags;
    }

    [Fact]
    public void Request_histograms_use_GenAI_names_units_seconds_and_the_model_tag()
    {
        var (metrics, provider) = Collect();
        using (provider)
        using (var instrumentation = new QwenLogInstrumentation())
        {
            instrumentation.RecordRequest(Requests.Fast());
            instrumentation.RecordRequest(Requests.Fast() with { TotalLatencyMs = 2_500, FirstTokenLatencyMs = double.NaN });
            provider.ForceFlush();
            metrics = [.. metrics];
        }

        var duration = Assert.Single(metrics, m => m.Name == "gen_ai.server.request.duration");
        Assert.Equal("s", duration.Unit);
        var point = Assert.Single(Points(metrics, "gen_ai.server.request.duration"));
        Assert.Equal(2, point.GetHistogramCount());
        Assert.Equal(4.0, point.GetHistogramSum(), 9);
        Assert.Equal("qwen2.5-7b", Tags(point)["gen_ai.request.model"]);
        Assert.Equal("chat", Tags(point)["gen_ai.operation.name"]);

        // The second request logged no first-token latency: one value only.
        var ttft = Assert.Single(Points(metrics, "gen_ai.server.time_to_first_token"));
        Assert.Equal(1, ttft.GetHistogramCount());
        Assert.Equal(0.5, ttft.GetHistogramSum(), 9);

        var decode = Assert.Single(Points(metrics, "qwenlog.decode.speed"));
        Assert.Equal(1, decode.GetHistogramCount());
        Assert.Equal(100, decode.GetHistogramSum(), 9);

        var tokens = Points(metrics, "gen_ai.client.token.usage").ToDictionary(p => (string)Tags(p)["gen_ai.token.type"]!, p => p.GetHistogramSum());
        Assert.Equal(40, tokens["input"]);
        Assert.Equal(202, tokens["output"]);
    }

    [Fact]
    public void Each_flag_counts_separately()
    {
        var (metrics, provider) = Collect();
        using (provider)
        using (var instrumentation = new QwenLogInstrumentation())
        {
            instrumentation.RecordRequest(Requests.Fast(flags: RequestFlags.PiiPhone | RequestFlags.Refusal));
            instrumentation.RecordRequest(Requests.Fast(flags: RequestFlags.PiiPhone));
            instrumentation.RecordRequest(Requests.Fast());
            provider.ForceFlush();
            metrics = [.. metrics];
        }

        var counts = Points(metrics, "qwenlog.requests.flagged").ToDictionary(p => (string)Tags(p)["flag"]!, p => p.GetSumLong());
        Assert.Equal(new Dictionary<string, long> { ["pii_phone"] = 2, ["refusal"] = 1 }, counts);
    }

    [Fact]
    public void Shards_record_lines_and_duration_by_status()
    {
        var (metrics, provider) = Collect();
        using (provider)
        using (var instrumentation = new QwenLogInstrumentation())
        {
            instrumentation.RecordShard(acceptedLines: 990, rejectedLines: 10, TimeSpan.FromSeconds(2), ShardStatus.Succeeded);
            instrumentation.RecordShard(acceptedLines: 0, rejectedLines: 0, TimeSpan.FromMilliseconds(300), ShardStatus.Failed);
            provider.ForceFlush();
            metrics = [.. metrics];
        }

        Assert.Equal(990, Assert.Single(Points(metrics, "qwenlog.lines.ingested")).GetSumLong());
        Assert.Equal(10, Assert.Single(Points(metrics, "qwenlog.lines.rejected")).GetSumLong());
        var durations = Points(metrics, "qwenlog.ingest.duration").ToDictionary(p => (string)Tags(p)["status"]!, p => p.GetHistogramSum());
        Assert.Equal(2, durations[ShardStatus.Succeeded], 9);
        Assert.Equal(0.3, durations[ShardStatus.Failed], 9);
    }

    [Fact]
    public void Model_tag_values_are_capped_so_untrusted_logs_cannot_explode_cardinality()
    {
        var (metrics, provider) = Collect();
        using (provider)
        using (var instrumentation = new QwenLogInstrumentation())
        {
            for (int i = 0; i < QwenLogInstrumentation.MaxModelTagValues + 25; i++)
            {
                instrumentation.RecordRequest(Requests.Fast(model: $"model-{i}"));
            }

            provider.ForceFlush();
            metrics = [.. metrics];
        }

        var models = Points(metrics, "gen_ai.server.request.duration").Select(p => (string)Tags(p)["gen_ai.request.model"]!).ToList();
        Assert.Equal(QwenLogInstrumentation.MaxModelTagValues + 1, models.Count);
        Assert.Contains(QwenLogInstrumentation.OtherModel, models);
        Assert.Equal(25, Points(metrics, "gen_ai.server.request.duration").Single(p => (string)Tags(p)["gen_ai.request.model"]! == "other").GetHistogramCount());
    }

    [Fact]
    public void Shard_spans_come_from_the_QwenLogFunctions_source()
    {
        var spans = new List<System.Diagnostics.Activity>();
        using var tracer = Sdk.CreateTracerProviderBuilder().AddSource(QwenLogInstrumentation.Name).AddInMemoryExporter(spans).Build();
        using (var instrumentation = new QwenLogInstrumentation())
        using (instrumentation.StartShardActivity("logs/2025-01-01/a.jsonl"))
        {
        }

        tracer.ForceFlush();
        var span = Assert.Single(spans);
        Assert.Equal("IngestShard", span.DisplayName);
        Assert.Equal("logs/2025-01-01/a.jsonl", span.GetTagItem("qwenlog.shard"));
    }
}
