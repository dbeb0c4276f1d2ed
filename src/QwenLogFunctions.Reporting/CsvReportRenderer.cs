using System.Text;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Reporting.Csv;

namespace QwenLogFunctions.Reporting;

/// <summary>
/// Renders a report's hourly series as RFC 4180 CSV: a header row, then one row per hour in the report's order,
/// CRLF line endings, invariant-culture numbers (shortest round-trip form), empty fields for undefined figures,
/// and one <c>flag_&lt;name&gt;</c> count column per flag in <see cref="FlagNames.AllNames"/> order.
/// </summary>
public static class CsvReportRenderer
{
    /// <summary>Content type of the rendered CSV (RFC 4180 with the optional header parameter).</summary>
    public const string ContentType = "text/csv; charset=utf-8; header=present";

    private static readonly string[] FixedColumns =
    [
        "hour", "total_requests", "successful_requests", "success_rate", "error_level_requests",
        "avg_prompt_tokens", "avg_completion_tokens",
        "latency_ms_p50", "latency_ms_p95", "latency_ms_p99",
        "first_token_latency_ms_p50", "first_token_latency_ms_p95", "first_token_latency_ms_p99",
        "throughput_tps_mean", "decode_tps_mean",
        "queue_time_ms_p50", "queue_time_ms_p95", "queue_time_ms_p99",
        "itl_ms_p50", "itl_ms_p95", "itl_ms_p99",
        "gpu_memory_mb_mean", "gpu_memory_mb_max",
        "cost_gpu_hours", "cost_busy_seconds", "cost_utilization", "cost_total", "cost_per_request_mean", "cost_per_million_tokens", "cost_currency",
    ];

    /// <summary>The header row's column names, in order.</summary>
    public static IReadOnlyList<string> Columns { get; } = [.. FixedColumns, .. FlagNames.AllNames.Select(name => "flag_" + name)];

    /// <summary>Renders the CSV document.</summary>
    public static string Render(AnalysisReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var csv = new StringBuilder(256 + (report.Hourly.Count * 200));
        Rfc4180.AppendRecord(csv, Columns);
        foreach (HourlyStatistics hour in report.Hourly)
        {
            // Every cell of a row is a time or a number the product formatted itself: kept as is, so columns stay numeric.
            Rfc4180.AppendNumberRecord(csv, Row(hour));
        }

        return csv.ToString();
    }

    private static IEnumerable<string> Row(HourlyStatistics h)
    {
        yield return Formatting.UtcIso(h.Hour);
        yield return Formatting.Number(h.TotalRequests);
        yield return Formatting.Number(h.SuccessfulRequests);
        yield return Formatting.Number(h.SuccessRate);
        yield return Formatting.Number(h.ErrorLevelRequests);
        yield return Formatting.Number(h.AvgPromptTokens);
        yield return Formatting.Number(h.AvgCompletionTokens);
        yield return Formatting.Number(h.LatencyMs.P50);
        yield return Formatting.Number(h.LatencyMs.P95);
        yield return Formatting.Number(h.LatencyMs.P99);
        yield return Formatting.Number(h.FirstTokenLatencyMs.P50);
        yield return Formatting.Number(h.FirstTokenLatencyMs.P95);
        yield return Formatting.Number(h.FirstTokenLatencyMs.P99);
        yield return Formatting.Number(h.ThroughputTps.Mean);
        yield return Formatting.Number(h.DecodeTps.Mean);
        yield return Formatting.Number(h.QueueTimeMs.P50);
        yield return Formatting.Number(h.QueueTimeMs.P95);
        yield return Formatting.Number(h.QueueTimeMs.P99);
        yield return Formatting.Number(h.ItlMs.P50);
        yield return Formatting.Number(h.ItlMs.P95);
        yield return Formatting.Number(h.ItlMs.P99);
        yield return Formatting.Number(h.GpuMemoryMb.Mean);
        yield return Formatting.Number(h.GpuMemoryMb.Max);
        yield return Formatting.Number(h.Cost.GpuHours);
        yield return Formatting.Number(h.Cost.BusySeconds);
        yield return Formatting.Number(h.Cost.Utilization);
        yield return Formatting.Number(h.Cost.Total);
        yield return Formatting.Number(h.Cost.PerRequestMean);
        yield return Formatting.Number(h.Cost.PerMillionTokens);
        yield return h.Cost.Currency ?? string.Empty;
        foreach (string name in FlagNames.AllNames)
        {
            yield return Formatting.Number(FlagRates.Count(h.Flags, name));
        }
    }
}
