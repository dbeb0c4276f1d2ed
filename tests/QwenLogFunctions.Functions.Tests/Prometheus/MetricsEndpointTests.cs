using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.DependencyInjection;
using QwenLogFunctions.Functions.Http;
using QwenLogFunctions.Reporting.Prometheus;
using QwenLogFunctions.Storage.Aggregation;
using QwenLogFunctions.Storage.Ingestion;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests.Prometheus;

/// <summary>GET /api/metrics scraped by a real Prometheus server and read back through its query API.</summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class MetricsEndpointTests(AzuriteFixture azurite)
{
    /// <summary>2025-01-15T10:00:00Z.</summary>
    private static readonly DateTimeOffset Hour = DateTimeOffset.FromUnixTimeSeconds(1_736_935_200);

    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [PrometheusFact]
    public async Task Prometheus_scrapes_the_exposition_and_its_query_api_returns_the_figures()
    {
        // Now is 12:30, so 11:00 is the last complete hour.
        using var services = AppServices.Build(azurite, Hour.AddHours(2.5), new Dictionary<string, string?>
        {
            ["QwenLogs:GpuPrices"] = "a100=2",
            ["QwenLogs:Currency"] = "USD",
        });
        await IngestAsync(services);
        var result = Assert.IsType<ContentResult>(await ActivatorUtilities.CreateInstance<MetricsFunction>(services).Run(AppServices.Request(string.Empty), CancellationToken.None));
        Assert.Equal("text/plain; version=0.0.4; charset=utf-8", result.ContentType);
        string exposition = result.Content!;

        await using var target = LoopbackHttpListener.Start(request => request.Path == "/api/metrics"
            ? new LoopbackHttpListener.Response(200, exposition, result.ContentType!)
            : new LoopbackHttpListener.Response(404));
        await using var prometheus = await PrometheusServer.StartAsync(target.BaseUri, "/api/metrics");

        Assert.Equal(66, Single(await prometheus.QueryAsync("sum(qwenlog_requests_total)", Wait)));
        Assert.Equal("up", (await prometheus.TargetAsync()).Health);

        // Label bound: five models and five devices by volume keep their names, the rest are "other".
        Assert.Equal(6, Single(await prometheus.QueryAsync("count(count by (model) (qwenlog_requests_total))", Wait)));
        Assert.Equal(6, Single(await prometheus.QueryAsync("count(count by (device) (qwenlog_requests_total))", Wait)));
        Assert.Equal(3, Single(await prometheus.QueryAsync("sum(qwenlog_requests_total{model=\"other\"})", Wait)));
        Assert.Equal(2, Single(await prometheus.QueryAsync("sum(qwenlog_requests_total{device=\"other\"})", Wait)));
        Assert.Equal(30 * 60, Single(await prometheus.QueryAsync("sum(qwenlog_prompt_tokens_total{model=\"qwen-b\"}) + sum(qwenlog_generation_tokens_total{model=\"qwen-b\"})", Wait)));
        Assert.Equal(3, Single(await prometheus.QueryAsync("qwenlog_flagged_requests_total{model=\"qwen-b\",device=\"a100\",flag=\"empty_response\"}", Wait)));
        Assert.Equal(1, Single(await prometheus.QueryAsync("qwenlog_rejected_lines_total", Wait)));

        // The last complete hour (11:00) is qwen-b's alone: latencies 1000 + 10i ms, queue i ms, ITL 20 ms (i = 0..29).
        Assert.Equal((Hour.AddHours(1)).ToUnixTimeSeconds(), Single(await prometheus.QueryAsync("qwenlog_last_complete_hour_timestamp_seconds", Wait)));
        Assert.InRange(Single(await prometheus.QueryAsync("qwenlog_e2e_request_latency_seconds{model=\"qwen-b\",quantile=\"0.5\"}", Wait)), 1.150 * 0.99, 1.150 * 1.01);
        Assert.InRange(Single(await prometheus.QueryAsync("qwenlog_request_queue_time_seconds{model=\"qwen-b\",quantile=\"0.99\"}", Wait)), 0.029 * 0.99, 0.029 * 1.01);
        Assert.InRange(Single(await prometheus.QueryAsync("qwenlog_time_per_output_token_seconds{model=\"qwen-b\",quantile=\"0.95\"}", Wait)), 0.02 * 0.99, 0.02 * 1.01);
        Assert.Equal(30 * 50 / 3600.0, Single(await prometheus.QueryAsync("qwenlog_generation_tokens_per_second{model=\"qwen-b\"}", Wait)), 9);
        Assert.Empty(await prometheus.QueryAsync("qwenlog_e2e_request_latency_seconds{model=\"qwen-a\"}", TimeSpan.Zero));

        // GPU: 30 one-second requests on a100 in the hour; 2 USD for the GPU-hour over 1,800 tokens.
        Assert.Equal(30 / 3600.0, Single(await prometheus.QueryAsync("qwenlog_gpu_utilization_ratio{device=\"a100\"}", Wait)), 9);
        Assert.Equal(2 / 1800.0 * 1_000_000, Single(await prometheus.QueryAsync("qwenlog_cost_per_million_tokens{device=\"a100\",currency=\"USD\"}", Wait)), 6);

        // Every metric name the renderer declares reached Prometheus.
        var names = await prometheus.QueryAsync("count by (__name__) ({job=\"qwenlog\",__name__=~\"qwenlog_.*\"})", Wait);
        Assert.Equal(PrometheusMetricsRenderer.MetricNames.Order(StringComparer.Ordinal), names.Select(n => n.Labels["__name__"]).Order(StringComparer.Ordinal));

        // Every query of the Grafana dashboard is valid PromQL for this server (Grafana's variables filled in as it would).
        using var dashboard = JsonDocument.Parse(await File.ReadAllTextAsync(RepositoryPaths.Combine("docs", "grafana", "qwenlog-dashboard.json")));
        foreach (var query in dashboard.RootElement.GetProperty("panels").EnumerateArray().SelectMany(panel => panel.GetProperty("targets").EnumerateArray()))
        {
            string expr = query.GetProperty("expr").GetString()!.Replace("$model", ".*", StringComparison.Ordinal).Replace("$__rate_interval", "1m", StringComparison.Ordinal);
            var (status, error) = await prometheus.EvaluateAsync(expr);
            Assert.True(status == "success", $"{expr}: {error}");
        }
    }

    private static double Single(List<(Dictionary<string, string> Labels, double Value)> series) => Assert.Single(series).Value;

    private static async Task IngestAsync(ServiceProvider services)
    {
        var text = new StringBuilder();
        for (int i = 0; i < 30; i++)
        {
            text.Append(Line($"a-{i}", "qwen-a", "a100", Hour.AddMinutes(i).AddSeconds(30), "好的", 900 + i, new() { ["queue_time_ms"] = 5 + i }));
            text.Append(Line($"b-{i}", "qwen-b", "a100", Hour.AddHours(1).AddMinutes(2 * i).AddSeconds(30), i % 10 == 3 ? string.Empty : "好的", 1000 + (10 * i),
                new() { ["queue_time_ms"] = i, ["mean_itl_ms"] = 20 }));
        }

        for (int k = 1; k <= 6; k++)
        {
            text.Append(Line($"m-{k}", $"m{k}", $"t4-{k}", Hour.AddMinutes(40 + k), "好的", 500, []));
        }

        text.Append("{\"timestamp\": oops}\n");
        await services.GetRequiredService<IngestionService>().IngestAsync(new MemoryStream(Encoding.UTF8.GetBytes(text.ToString())), "metrics.jsonl", "v1", CancellationToken.None);
        await services.GetRequiredService<AggregationService>().AggregateAsync(null, CancellationToken.None);
    }

    private static string Line(string id, string model, string device, DateTimeOffset time, string output, double latencyMs, Dictionary<string, object?> extra)
    {
        var metadata = new Dictionary<string, object?> { ["prompt_tokens"] = 10, ["completion_tokens"] = 50, ["total_latency_ms"] = latencyMs, ["first_token_latency_ms"] = 100, ["device"] = device };
        foreach (var (key, value) in extra)
        {
            metadata[key] = value;
        }

        return JsonSerializer.Serialize(new Dictionary<string, object?>
        {
            ["timestamp"] = time.ToUnixTimeSeconds(),
            ["level"] = "INFO",
            ["request_id"] = id,
            ["model"] = model,
            ["input"] = "问题 " + id,
            ["output"] = output,
            ["metadata"] = metadata,
        }) + "\n";
    }
}
