using System.Globalization;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Reporting;
using Spectre.Console;

namespace QwenLogFunctions.Cli.Output;

/// <summary>The human-readable report: headline figures, flags, hourly series, rejects.</summary>
internal static class TableReportWriter
{
    private const int MaxHourRows = 48;
    private const int MaxRejectRows = 10;

    public static void Write(IAnsiConsole console, AnalysisReport report)
    {
        var s = report.Summary;
        var headline = new Table().Title("[bold]Qwen 日志分析 Log analysis[/]").AddColumn("Measure").AddColumn(new TableColumn("Value").RightAligned());
        headline.AddRow("Shards", report.Shards.Count.ToString(CultureInfo.InvariantCulture));
        headline.AddRow("Lines total / accepted / rejected / blank", $"{report.Lines.Total:N0} / {report.Lines.Accepted:N0} / {report.Lines.Rejected:N0} / {report.Lines.Blank:N0}");
        headline.AddRow("总请求数 Total requests", s.TotalRequests.ToString("N0", CultureInfo.InvariantCulture));
        headline.AddRow("平均输入 tokens Avg prompt tokens", Number(s.AvgPromptTokens, "F1"));
        headline.AddRow("平均输出 tokens Avg completion tokens", Number(s.AvgCompletionTokens, "F1"));
        headline.AddRow("响应成功率 Success rate", Percent(s.SuccessRate));
        headline.AddRow("ERROR-level requests", s.ErrorLevelRequests.ToString("N0", CultureInfo.InvariantCulture));
        headline.AddRow($"Latency P50 / P95 / P99 (ms, {report.PercentileMethod})", Triple(s.LatencyMs));
        headline.AddRow("First-token latency P50 / P95 / P99 (ms)", Triple(s.FirstTokenLatencyMs));
        headline.AddRow("平均吞吐量 Throughput (tokens/s, article)", Number(s.ThroughputTps.Mean, "F1"));
        headline.AddRow("Decode speed (tokens/s, excl. first token)", Number(s.DecodeTps.Mean, "F1"));
        headline.AddRow("Queue time P50 / P95 / P99 (ms)", Triple(s.QueueTimeMs));
        headline.AddRow("Time per output token (ITL) P50 / P95 / P99 (ms)", Triple(s.ItlMs, "F1"));
        headline.AddRow("GPU memory mean / max (MiB)", $"{Number(s.GpuMemoryMb.Mean, "F0")} / {Number(s.GpuMemoryMb.Max, "F0")}");
        headline.AddRow("GPU-hours / busy / utilization", $"{s.Cost.GpuHours.ToString("0.##", CultureInfo.InvariantCulture)} / {s.Cost.BusySeconds.ToString("N0", CultureInfo.InvariantCulture)} s / {Percent(s.Cost.Utilization)}");
        headline.AddRow($"GPU cost total / per request / per 1M tokens{(s.Cost.Currency is { } currency ? $" ({Markup.Escape(currency)})" : string.Empty)}",
            $"{Number(s.Cost.Total, "F2")} / {Number(s.Cost.PerRequestMean, "F6")} / {Number(s.Cost.PerMillionTokens, "F2")}");
        console.Write(headline);
        if (report.IncompleteShards.Count > 0)
        {
            console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"incomplete shards: {report.IncompleteShards.Count} (read up to the line shown; see the rejected lines)"));
            foreach (var problem in report.IncompleteShards)
            {
                console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {problem.Shard} line {problem.Line}: {problem.Reason}"));
            }
        }

        // Rates as on the HTML page: malformed_json over json_mode requests (it cannot happen elsewhere), the rest over all.
        var flags = new Table().Title("输出合规问题统计 Flags").AddColumn("Flag").AddColumn(new TableColumn("Requests").RightAligned())
            .AddColumn(new TableColumn("Rate").RightAligned()).AddColumn("Of");
        foreach (var (name, count) in report.Flags)
        {
            flags.AddRow(name, count.ToString("N0", CultureInfo.InvariantCulture), Percent(FlagRates.Rate(s, name, count)), FlagRates.DenominatorLabel(name));
        }

        console.Write(flags);

        if (report.Hourly.Count > 0)
        {
            var hourly = new Table().Title("Hourly (UTC)").AddColumn("Hour").AddColumn(new TableColumn("Requests").RightAligned())
                .AddColumn(new TableColumn("Success").RightAligned()).AddColumn(new TableColumn("P95 ms").RightAligned())
                .AddColumn(new TableColumn("FT P95 ms").RightAligned()).AddColumn(new TableColumn("Decode tok/s").RightAligned());
            foreach (var hour in report.Hourly.Take(MaxHourRows))
            {
                hourly.AddRow(
                    hour.Hour.UtcDateTime.ToString("yyyy-MM-dd HH:00", CultureInfo.InvariantCulture),
                    hour.TotalRequests.ToString("N0", CultureInfo.InvariantCulture),
                    Percent(hour.SuccessRate),
                    Number(hour.LatencyMs.P95, "F0"),
                    Number(hour.FirstTokenLatencyMs.P95, "F0"),
                    Number(hour.DecodeTps.Mean, "F1"));
            }

            if (report.Hourly.Count > MaxHourRows)
            {
                hourly.Caption($"{report.Hourly.Count - MaxHourRows} more hours: use --format json or csv");
            }

            console.Write(hourly);
        }

        if (report.Rejects.Count > 0)
        {
            var rejects = new Table().Title($"Rejected lines ({report.Lines.Rejected:N0})").AddColumn("Shard").AddColumn(new TableColumn("Line").RightAligned()).AddColumn("Reason");
            foreach (var reject in report.Rejects.Take(MaxRejectRows))
            {
                rejects.AddRow(Markup.Escape(reject.Shard), reject.Line.ToString(CultureInfo.InvariantCulture), Markup.Escape(reject.Reason));
            }

            if (report.Lines.Rejected > MaxRejectRows)
            {
                rejects.Caption("all rejects: --format json");
            }

            console.Write(rejects);
        }
    }

    private static string Number(double? value, string format) => value is { } v ? v.ToString(format, CultureInfo.InvariantCulture) : "–";

    private static string Percent(double? value) => value is { } v ? (v * 100).ToString("F1", CultureInfo.InvariantCulture) + "%" : "–";

    private static string Triple(PercentileSummary p, string format = "F0") => $"{Number(p.P50, format)} / {Number(p.P95, format)} / {Number(p.P99, format)}";
}
