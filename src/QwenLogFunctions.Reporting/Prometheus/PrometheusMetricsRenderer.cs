using Prometheus;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Reporting.Prometheus;

/// <summary>
/// Writes a <see cref="ServingMetricsSnapshot"/> in the Prometheus text exposition format (version 0.0.4) through
/// prometheus-net's formatter, one fresh registry per scrape (the figures come from storage, not from this process).
/// Metric names follow vLLM's where there is one (e2e_request_latency_seconds, time_to_first_token_seconds,
/// time_per_output_token_seconds, request_queue_time_seconds, prompt/generation tokens), with the prefix qwenlog_.
/// The names are listed in <see cref="MetricNames"/>; docs/grafana/qwenlog-dashboard.json uses them.
/// </summary>
public static class PrometheusMetricsRenderer
{
    /// <summary>Content type of the text exposition format.</summary>
    public const string ContentType = "text/plain; version=0.0.4; charset=utf-8";

    /// <summary>Every metric name written.</summary>
    public static IReadOnlyList<string> MetricNames { get; } =
    [
        Requests, PromptTokens, GenerationTokens, FlaggedRequests, RejectedLines, LastHourStart,
        E2eLatency, FirstTokenLatency, TimePerOutputToken, QueueTime, GenerationTokensPerSecond, GpuUtilization, GpuBusySeconds, CostPerMillionTokens, CostPerHour,
    ];

    private const string Requests = "qwenlog_requests_total";
    private const string PromptTokens = "qwenlog_prompt_tokens_total";
    private const string GenerationTokens = "qwenlog_generation_tokens_total";
    private const string FlaggedRequests = "qwenlog_flagged_requests_total";
    private const string RejectedLines = "qwenlog_rejected_lines_total";
    private const string LastHourStart = "qwenlog_last_complete_hour_timestamp_seconds";
    private const string E2eLatency = "qwenlog_e2e_request_latency_seconds";
    private const string FirstTokenLatency = "qwenlog_time_to_first_token_seconds";
    private const string TimePerOutputToken = "qwenlog_time_per_output_token_seconds";
    private const string QueueTime = "qwenlog_request_queue_time_seconds";
    private const string GenerationTokensPerSecond = "qwenlog_generation_tokens_per_second";
    private const string GpuUtilization = "qwenlog_gpu_utilization_ratio";
    private const string GpuBusySeconds = "qwenlog_gpu_busy_seconds";
    private const string CostPerMillionTokens = "qwenlog_cost_per_million_tokens";
    private const string CostPerHour = "qwenlog_cost_per_hour";

    private static readonly (string Label, Func<PercentileSummary, double?> Value)[] Quantiles =
    [
        ("0.5", p => p.P50), ("0.95", p => p.P95), ("0.99", p => p.P99),
    ];

    /// <summary>Writes the exposition to <paramref name="output"/>.</summary>
    public static async Task WriteAsync(ServingMetricsSnapshot snapshot, Stream output, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(snapshot);
        var registry = Metrics.NewCustomRegistry();
        var factory = Metrics.WithCustomRegistry(registry);
        var noInitial = new CounterConfiguration { SuppressInitialValue = true };

        var requests = factory.CreateCounter(Requests, "Accepted requests (every line, also those whose row was not kept).", ["model", "device"], noInitial);
        var prompt = factory.CreateCounter(PromptTokens, "Prompt tokens (metadata.prompt_tokens).", ["model", "device"], noInitial);
        var generation = factory.CreateCounter(GenerationTokens, "Generated tokens (metadata.completion_tokens).", ["model", "device"], noInitial);
        var flagged = factory.CreateCounter(FlaggedRequests, "Requests carrying a compliance or quality flag.", ["model", "device", "flag"], noInitial);
        foreach (var totals in snapshot.Totals)
        {
            requests.WithLabels(totals.Model, totals.Device).Inc(totals.Requests);
            prompt.WithLabels(totals.Model, totals.Device).Inc(totals.PromptTokens);
            generation.WithLabels(totals.Model, totals.Device).Inc(totals.CompletionTokens);
            foreach (var (flag, count) in totals.Flags)
            {
                flagged.WithLabels(totals.Model, totals.Device, flag).Inc(count);
            }
        }

        factory.CreateCounter(RejectedLines, "Non-blank lines that did not become a request (no trusted model or device, so unlabelled).").Inc(snapshot.RejectedLines);

        if (snapshot.LastHour is { } hour)
        {
            factory.CreateGauge(LastHourStart, "Start (Unix seconds) of the last complete hour the hour gauges describe.").Set(hour.ToUnixTimeSeconds());
            var gauges = new[]
            {
                (Gauge: factory.CreateGauge(E2eLatency, "End-to-end request latency of the last complete hour (metadata.total_latency_ms), by quantile.", ["model", "quantile"]), Of: (Func<SummaryStatistics, PercentileSummary>)(s => s.LatencyMs)),
                (factory.CreateGauge(FirstTokenLatency, "Time to first token of the last complete hour, by quantile.", ["model", "quantile"]), s => s.FirstTokenLatencyMs),
                (factory.CreateGauge(TimePerOutputToken, "Time per output token (inter-token latency) of the last complete hour, by quantile.", ["model", "quantile"]), s => s.ItlMs),
                (factory.CreateGauge(QueueTime, "Queue time (vLLM queue_time_ms) of the last complete hour, by quantile.", ["model", "quantile"]), s => s.QueueTimeMs),
            };
            var tokensPerSecond = factory.CreateGauge(GenerationTokensPerSecond, "Generated tokens per second over the last complete hour (completion tokens / 3600).", ["model"]);
            foreach (var model in snapshot.Models)
            {
                foreach (var (gauge, of) in gauges)
                {
                    var distribution = of(model.Statistics);
                    foreach (var (label, value) in Quantiles)
                    {
                        if (value(distribution) is { } milliseconds)
                        {
                            gauge.WithLabels(model.Model, label).Set(milliseconds / 1000.0);
                        }
                    }
                }

                tokensPerSecond.WithLabels(model.Model).Set(model.Statistics.TotalRequests == 0 ? 0 : model.Statistics.AvgCompletionTokens!.Value * model.Statistics.TotalRequests / 3600.0);
            }

            var utilization = factory.CreateGauge(GpuUtilization, "Share of the last complete hour in which the GPU served a request (busy seconds / 3600).", ["device"]);
            var busy = factory.CreateGauge(GpuBusySeconds, "Busy seconds of the GPU in the last complete hour.", ["device"]);
            var perMillion = factory.CreateGauge(CostPerMillionTokens, "GPU cost per million tokens (prompt + completion) in the last complete hour.", ["device", "currency"]);
            var perHour = factory.CreateGauge(CostPerHour, "GPU cost of the last complete hour.", ["device", "currency"]);
            string currency = snapshot.Currency ?? string.Empty;
            foreach (var device in snapshot.Devices)
            {
                if (device.Cost.Utilization is { } ratio)
                {
                    utilization.WithLabels(device.Device).Set(ratio);
                }

                busy.WithLabels(device.Device).Set(device.Cost.BusySeconds);
                if (device.Cost.PerMillionTokens is { } cost)
                {
                    perMillion.WithLabels(device.Device, currency).Set(cost);
                }

                if (device.Cost.Total is { } total)
                {
                    perHour.WithLabels(device.Device, currency).Set(total);
                }
            }
        }

        await registry.CollectAndExportAsTextAsync(output, cancellationToken);
    }

    /// <summary>The exposition as a string (tests, the CLI).</summary>
    public static async Task<string> RenderAsync(ServingMetricsSnapshot snapshot, CancellationToken cancellationToken = default)
    {
        using var buffer = new MemoryStream();
        await WriteAsync(snapshot, buffer, cancellationToken);
        return System.Text.Encoding.UTF8.GetString(buffer.ToArray());
    }
}
