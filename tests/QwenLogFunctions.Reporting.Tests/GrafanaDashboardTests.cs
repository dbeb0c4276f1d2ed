using System.Text.Json;
using System.Text.RegularExpressions;
using QwenLogFunctions.Reporting.Prometheus;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Reporting.Tests;

/// <summary>docs/grafana/qwenlog-dashboard.json against the metric names GET /api/metrics writes.</summary>
public sealed partial class GrafanaDashboardTests
{
    /// <summary>The dashboard's PromQL expressions, in panel order.</summary>
    public static IReadOnlyList<string> Expressions()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("docs", "grafana", "qwenlog-dashboard.json")));
        return [.. document.RootElement.GetProperty("panels").EnumerateArray()
            .SelectMany(panel => panel.GetProperty("targets").EnumerateArray())
            .Select(target => target.GetProperty("expr").GetString()!)];
    }

    [Fact]
    public void Every_metric_the_dashboard_queries_is_one_the_endpoint_writes_and_every_one_written_has_a_panel()
    {
        var used = Expressions().SelectMany(expr => MetricName().Matches(expr).Select(m => m.Value)).ToHashSet(StringComparer.Ordinal);

        Assert.Empty(used.Except(PrometheusMetricsRenderer.MetricNames));
        Assert.Empty(PrometheusMetricsRenderer.MetricNames.Except(used));
    }

    [Fact]
    public void Panels_mirror_vllm_latency_throughput_flag_and_cost_panels()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("docs", "grafana", "qwenlog-dashboard.json")));
        var titles = document.RootElement.GetProperty("panels").EnumerateArray().Select(p => p.GetProperty("title").GetString()).ToList();

        Assert.Contains("E2E Request Latency", titles);
        Assert.Contains("Time To First Token Latency", titles);
        Assert.Contains("Time Per Output Token Latency", titles);
        Assert.Contains("Queue Time", titles);
        Assert.Contains("Token Throughput", titles);
        Assert.Contains("Flag Rates", titles);
        Assert.Contains("GPU Utilization", titles);
        Assert.Contains("GPU Cost per Million Tokens", titles);
    }

    [GeneratedRegex("qwenlog_[a-z0-9_]+")]
    private static partial Regex MetricName();
}
