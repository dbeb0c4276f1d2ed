using System.Globalization;
using System.Text;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Reporting.Html;

namespace QwenLogFunctions.Reporting;

/// <summary>
/// Renders an <see cref="AnalysisReport"/> as one self-contained HTML page: inline CSS and server-side SVG charts,
/// no scripts, fonts or images fetched, so it opens offline, in a mail attachment or behind a strict CSP.
/// The CLI (<c>analyze --format html</c>) and the HTTP API (<c>GET /api/report?format=html</c>) share it.
/// </summary>
public static class HtmlReportRenderer
{
    /// <summary>Content type of the rendered page.</summary>
    public const string ContentType = "text/html; charset=utf-8";

    private const string Css = """
        :root { color-scheme: light; }
        * { box-sizing: border-box; }
        body { margin: 0; padding: 24px 32px 48px; background: #f8f9fa; color: #212529;
               font-family: "Noto Sans CJK SC", "Microsoft YaHei", "PingFang SC", "Hiragino Sans GB", "Source Han Sans SC", sans-serif;
               font-size: 14px; line-height: 1.5; }
        h1 { font-size: 24px; margin: 0 0 4px; }
        h2 { font-size: 18px; margin: 32px 0 12px; padding-bottom: 4px; border-bottom: 2px solid #dee2e6; }
        h3 { font-size: 15px; margin: 20px 0 6px; }
        .meta { color: #495057; margin: 0 0 2px; }
        .cards { display: grid; grid-template-columns: repeat(auto-fill, minmax(236px, 1fr)); gap: 12px; }
        .card { background: #fff; border: 1px solid #dee2e6; border-radius: 6px; padding: 10px 14px; }
        .card .label { color: #495057; font-size: 13px; }
        .card .value { font-size: 20px; font-weight: 600; font-variant-numeric: tabular-nums; white-space: nowrap; }
        .card .sub { color: #6c757d; font-size: 12px; }
        figure { margin: 0 0 16px; background: #fff; border: 1px solid #dee2e6; border-radius: 6px; padding: 8px 12px; }
        figcaption { font-weight: 600; font-size: 15px; }
        svg.chart { width: 100%; height: auto; display: block; font-family: inherit; }
        svg .grid { stroke: #e9ecef; stroke-width: 1; }
        svg .axis, svg .tick-mark { stroke: #495057; stroke-width: 1; }
        svg .plot { fill: #f8f9fa; stroke: #dee2e6; }
        svg text { font-size: 13px; fill: #343a40; }
        svg .tick { font-size: 12px; fill: #495057; }
        svg .axis-label { font-size: 13px; font-weight: 600; }
        svg .empty { font-size: 18px; fill: #868e96; }
        svg .ref-label { font-size: 13px; font-weight: 600; }
        table { border-collapse: collapse; background: #fff; width: 100%; font-variant-numeric: tabular-nums; }
        th, td { border: 1px solid #dee2e6; padding: 4px 8px; text-align: right; vertical-align: top; }
        th { background: #f1f3f5; font-weight: 600; }
        td.text, th.text { text-align: left; overflow-wrap: break-word; }
        td.name { white-space: nowrap; }
        .none { color: #6c757d; }
        .alert-firing { color: #c92a2a; font-weight: 600; }
        footer { margin-top: 32px; color: #868e96; font-size: 12px; }
        """;

    private static readonly string[] LatencyColors = ["#1c7ed6", "#f08c00", "#e03131", "#7048e8"];
    private static readonly string[] FlagColors = ["#d9480f", "#1c7ed6", "#2b8a3e", "#ae3ec9", "#e67700", "#0c8599"];

    /// <summary>Renders the page.</summary>
    /// <param name="report">The analysis report.</param>
    /// <param name="firingAlerts">Alerts currently firing (may be empty); listed in a table.</param>
    /// <param name="options">Presentation settings; defaults when null.</param>
    /// <returns>A complete HTML5 document.</returns>
    public static string Render(AnalysisReport report, IReadOnlyList<ReportAlertRow> firingAlerts, HtmlReportOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(report);
        ArgumentNullException.ThrowIfNull(firingAlerts);
        options ??= new HtmlReportOptions();

        var html = new StringBuilder(64 * 1024);
        html.Append("<!DOCTYPE html>\n")
            .Append(CultureInfo.InvariantCulture, $"<html lang=\"{HtmlText.Escape(options.Language)}\">\n<head>\n<meta charset=\"utf-8\">\n")
            .Append("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n")
            .Append(CultureInfo.InvariantCulture, $"<title>{HtmlText.Escape(options.Title)}</title>\n<style>\n{Css}\n</style>\n</head>\n<body>\n");

        AppendHeader(html, report, options);
        AppendHeadline(html, report);
        AppendAlerts(html, firingAlerts);
        AppendCharts(html, report, options);
        AppendWorstHours(html, report, options);
        AppendGroups(html, "按模型 By model", "模型 Model", "by-model", report.ByModel, options);
        AppendGroups(html, "按设备 By device", "设备 Device", "by-device", report.ByDevice, options);
        AppendRejects(html, report, options);

        html.Append("<footer>QwenLogFunctions · schema_version ").Append(report.SchemaVersion.ToString(CultureInfo.InvariantCulture));
        if (options.GeneratedAt is { } generated)
        {
            html.Append(" · 生成于 Generated ").Append(HtmlText.Escape(Formatting.UtcIso(generated)));
        }

        html.Append("</footer>\n</body>\n</html>\n");
        return html.ToString();
    }

    private static void AppendHeader(StringBuilder html, AnalysisReport report, HtmlReportOptions options)
    {
        html.Append(CultureInfo.InvariantCulture, $"<header>\n<h1>{HtmlText.Escape(options.Title)}</h1>\n");
        (DateTimeOffset From, DateTimeOffset To)? range = report.Range is { } r ? (r.From, r.To)
            : report.Hourly.Count > 0 ? (report.Hourly[0].Hour, report.Hourly[^1].Hour.AddHours(1)) : null;
        string rangeText = range is { } rr ? $"{DisplayFormat.Hour(rr.From)} – {DisplayFormat.Hour(rr.To)}" : DisplayFormat.Missing;
        html.Append(CultureInfo.InvariantCulture, $"<p class=\"meta\">时间范围 Range: <span id=\"range\">{HtmlText.Escape(rangeText)}</span></p>\n");

        string shards = report.Shards.Count <= 8
            ? string.Join(", ", report.Shards)
            : string.Join(", ", report.Shards.Take(8)) + $" … (+{report.Shards.Count - 8})";
        html.Append(CultureInfo.InvariantCulture,
            $"<p class=\"meta\">分片 Shards ({report.Shards.Count}): {(report.Shards.Count == 0 ? DisplayFormat.Missing : HtmlText.Escape(shards))}</p>\n</header>\n");
    }

    private static void AppendHeadline(StringBuilder html, AnalysisReport report)
    {
        SummaryStatistics s = report.Summary;
        LineCounts lines = report.Lines;
        html.Append("<section id=\"headline\">\n<h2>概览 Overview</h2>\n<div class=\"cards\">\n");
        Card(html, "requests", "请求数 Requests", DisplayFormat.Count(s.TotalRequests), $"ERROR 级别 ERROR-level: {DisplayFormat.Count(s.ErrorLevelRequests)}");
        Card(html, "success-rate", "成功率 Success rate", DisplayFormat.Percent(s.SuccessRate), $"成功 successful: {DisplayFormat.Count(s.SuccessfulRequests)}");
        Card(html, "avg-tokens", "平均 tokens Avg tokens", $"{DisplayFormat.Decimal(s.AvgPromptTokens)} / {DisplayFormat.Decimal(s.AvgCompletionTokens)}", "输入 prompt / 输出 completion");
        // The unit sits in the label: three figures and "ms" do not fit one line of a card, and a lone "ms" wrapped.
        Card(html, "latency", "延迟 Latency P50 / P95 / P99 (ms)",
            $"{DisplayFormat.Decimal(s.LatencyMs.P50, 0)} / {DisplayFormat.Decimal(s.LatencyMs.P95, 0)} / {DisplayFormat.Decimal(s.LatencyMs.P99, 0)}",
            $"平均 mean {DisplayFormat.WithUnit(s.LatencyMs.Mean, "ms")} · 最大 max {DisplayFormat.WithUnit(s.LatencyMs.Max, "ms", 0)}");
        Card(html, "first-token-p95", "首 token 延迟 First-token P95", DisplayFormat.WithUnit(s.FirstTokenLatencyMs.P95, "ms", 0),
            $"P50 {DisplayFormat.WithUnit(s.FirstTokenLatencyMs.P50, "ms", 0)} · n = {DisplayFormat.Count(s.FirstTokenLatencyMs.Count)}");
        Card(html, "throughput", "吞吐 Throughput", DisplayFormat.WithUnit(s.ThroughputTps.Mean, "tok/s"), $"平均 mean over n = {DisplayFormat.Count(s.ThroughputTps.Count)}");
        Card(html, "decode", "解码速度 Decode speed", DisplayFormat.WithUnit(s.DecodeTps.Mean, "tok/s"), $"平均 mean over n = {DisplayFormat.Count(s.DecodeTps.Count)}, 不含首 token excl. first token");
        Card(html, "queue-time", "排队时间 Queue time P50 / P95 / P99",
            $"{DisplayFormat.Decimal(s.QueueTimeMs.P50, 0)} / {DisplayFormat.Decimal(s.QueueTimeMs.P95, 0)} / {DisplayFormat.Decimal(s.QueueTimeMs.P99, 0)}",
            $"ms · n = {DisplayFormat.Count(s.QueueTimeMs.Count)}");
        Card(html, "itl", "每 token 时间 Time per output token P50 / P95 / P99",
            $"{DisplayFormat.Decimal(s.ItlMs.P50)} / {DisplayFormat.Decimal(s.ItlMs.P95)} / {DisplayFormat.Decimal(s.ItlMs.P99)}",
            $"ms (ITL) · n = {DisplayFormat.Count(s.ItlMs.Count)}");
        Card(html, "gpu-memory", "显存 GPU memory mean / max",
            $"{DisplayFormat.Decimal(s.GpuMemoryMb.Mean, 0)} / {DisplayFormat.Decimal(s.GpuMemoryMb.Max, 0)}", $"MiB · n = {DisplayFormat.Count(s.GpuMemoryMb.Count)}");
        string currency = s.Cost.Currency is { } code ? " " + code : string.Empty;
        Card(html, "gpu-cost", "GPU 成本 Cost per 1M tokens", $"{DisplayFormat.Decimal(s.Cost.PerMillionTokens)}{currency}",
            $"共 total {DisplayFormat.Decimal(s.Cost.Total)}{currency} · {DisplayFormat.Decimal(s.Cost.GpuHours)} GPU-h · 利用率 utilization {DisplayFormat.Percent(s.Cost.Utilization)}");
        Card(html, "lines", "行 Lines accepted / rejected / blank",
            $"{DisplayFormat.Count(lines.Accepted)} / {DisplayFormat.Count(lines.Rejected)} / {DisplayFormat.Count(lines.Blank)}", $"共 total {DisplayFormat.Count(lines.Total)}");
        string method = report.PercentileMethod switch
        {
            "exact" => "精确 exact",
            "sketch" => "近似 sketch",
            var other => other,
        };
        string methodNote = report.PercentileMethod switch
        {
            "exact" => "全部数值 from all values",
            "sketch" => "合并草图 merged sketches, ≤ 1% rel. error",
            _ => string.Empty,
        };
        Card(html, "percentile-method", "百分位方法 Percentile method", method, methodNote);
        html.Append("</div>\n</section>\n");
    }

    private static void Card(StringBuilder html, string id, string label, string value, string sub) =>
        html.Append(CultureInfo.InvariantCulture,
            $"<div class=\"card\" id=\"card-{id}\"><div class=\"label\">{HtmlText.Escape(label)}</div><div class=\"value\">{HtmlText.Escape(value)}</div><div class=\"sub\">{HtmlText.Escape(sub)}</div></div>\n");

    private static void AppendAlerts(StringBuilder html, IReadOnlyList<ReportAlertRow> alerts)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"alerts\">\n<h2>触发中的告警 Firing alerts ({alerts.Count})</h2>\n");
        if (alerts.Count == 0)
        {
            html.Append("<p class=\"none\">无触发中的告警 No alerts are firing.</p>\n</section>\n");
            return;
        }

        html.Append("<table>\n<thead><tr><th class=\"text\">规则 Rule</th><th class=\"text\">范围 Scope</th><th class=\"text\">小时 Hour</th><th>测量值 Measured</th><th>阈值 Threshold</th><th class=\"text\">开始 Since</th><th class=\"text\">说明 Message</th></tr></thead>\n<tbody>\n");
        foreach (ReportAlertRow alert in alerts)
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td class=\"text name alert-firing\">{HtmlText.Escape(alert.Rule)}</td><td class=\"text name\">{HtmlText.Escape(alert.Scope)}</td><td class=\"text\">{DisplayFormat.Hour(alert.Hour)}</td><td>{HtmlText.Escape(DisplayFormat.Measured(alert.MeasuredValue, alert.Unit))}</td><td>{HtmlText.Escape(DisplayFormat.Measured(alert.Threshold, alert.Unit))}</td><td class=\"text\">{DisplayFormat.Hour(alert.Since)}</td><td class=\"text\">{HtmlText.Escape(alert.Message)}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static void AppendCharts(StringBuilder html, AnalysisReport report, HtmlReportOptions options)
    {
        IReadOnlyList<HourlyStatistics> hours = report.Hourly;
        html.Append("<section id=\"charts\">\n<h2>趋势 Trends (每小时 hourly, UTC)</h2>\n");

        Figure(html, "chart-requests", "每小时请求数 Requests per hour", SvgCharts.HourlyBars(
            "每小时请求数 Requests per hour", "requests", "#4c6ef5",
            new ValueAxis("请求数 Requests (count)", v => v.ToString("#,0.##", CultureInfo.InvariantCulture)),
            [.. hours.Select(h => new HourValue(h.Hour, h.TotalRequests))]));

        Figure(html, "chart-latency", "延迟 Latency (ms)", SvgCharts.HourlyLines(
            "延迟 Latency (ms)",
            new ValueAxis("延迟 Latency (ms)", v => v.ToString("#,0.##", CultureInfo.InvariantCulture)),
            [
                new LineSeries("latency_p50", "P50", LatencyColors[0], false, [.. hours.Select(h => new HourValue(h.Hour, h.LatencyMs.P50))]),
                new LineSeries("latency_p95", "P95", LatencyColors[1], false, [.. hours.Select(h => new HourValue(h.Hour, h.LatencyMs.P95))]),
                new LineSeries("latency_p99", "P99", LatencyColors[2], false, [.. hours.Select(h => new HourValue(h.Hour, h.LatencyMs.P99))]),
                new LineSeries("first_token_p95", "首 token P95 First-token P95", LatencyColors[3], true, [.. hours.Select(h => new HourValue(h.Hour, h.FirstTokenLatencyMs.P95))]),
            ]));

        // vLLM's dashboard panels: P50/P95/P99 per hour on a log scale, so P50 stays readable next to a P99 far above it.
        var ms = new ValueAxis("毫秒 ms (对数 log scale)", v => v.ToString("#,0.###", CultureInfo.InvariantCulture));
        foreach (var (id, caption, of) in new (string Id, string Caption, Func<SummaryStatistics, PercentileSummary> Of)[]
        {
            ("chart-e2e-percentiles", "端到端延迟 E2E latency P50 / P95 / P99 (ms, log)", s => s.LatencyMs),
            ("chart-ttft-percentiles", "首 token 延迟 Time to first token P50 / P95 / P99 (ms, log)", s => s.FirstTokenLatencyMs),
            ("chart-itl-percentiles", "每 token 时间 Time per output token P50 / P95 / P99 (ms, log)", s => s.ItlMs),
            ("chart-queue-percentiles", "排队时间 Queue time P50 / P95 / P99 (ms, log)", s => s.QueueTimeMs),
        })
        {
            string key = id["chart-".Length..^"-percentiles".Length];
            Figure(html, id, caption, SvgCharts.HourlyLines(
                caption,
                ms,
                [
                    new LineSeries(key + "_p50", "P50", LatencyColors[0], false, [.. hours.Select(h => new HourValue(h.Hour, of(h).P50))]),
                    new LineSeries(key + "_p95", "P95", LatencyColors[1], false, [.. hours.Select(h => new HourValue(h.Hour, of(h).P95))]),
                    new LineSeries(key + "_p99", "P99", LatencyColors[2], false, [.. hours.Select(h => new HourValue(h.Hour, of(h).P99))]),
                ],
                logarithmic: true));
        }

        Figure(html, "chart-gpu", "GPU 利用率 Utilization (busy seconds / 3600, per hour)", SvgCharts.HourlyLines(
            "GPU 利用率 Utilization (%)",
            new ValueAxis("利用率 Utilization (%)", v => (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%"),
            [new LineSeries("gpu_utilization", "利用率 Utilization", "#0c8599", false, [.. hours.Select(h => new HourValue(h.Hour, h.Cost.Utilization))])]));
        if (report.Summary.Cost.Total is not null)
        {
            string currency = report.Summary.Cost.Currency ?? string.Empty;
            Figure(html, "chart-cost", $"每百万 token 成本 Cost per 1M tokens {currency}".TrimEnd(), SvgCharts.HourlyBars(
                "每百万 token 成本 Cost per 1M tokens", "cost_per_million_tokens", "#e67700",
                new ValueAxis($"成本 Cost {currency}".TrimEnd(), v => v.ToString("#,0.##", CultureInfo.InvariantCulture)),
                [.. hours.Select(h => new HourValue(h.Hour, h.Cost.PerMillionTokens))]));
        }

        double baseline = options.DecodeBaselineTokensPerSecond;
        Figure(html, "chart-decode", "解码速度 Decode speed (tokens/s)", SvgCharts.HourlyLines(
            "解码速度 Decode speed (tokens/s)",
            new ValueAxis("速度 Speed (tokens/s)", v => v.ToString("#,0.##", CultureInfo.InvariantCulture)),
            [
                new LineSeries("decode_tps", "解码 Decode (mean)", "#2b8a3e", false, [.. hours.Select(h => new HourValue(h.Hour, h.DecodeTps.Mean))]),
                new LineSeries("throughput_tps", "吞吐 Throughput (mean)", "#868e96", true, [.. hours.Select(h => new HourValue(h.Hour, h.ThroughputTps.Mean))]),
            ],
            [new ReferenceLine("decode_baseline", $"基线 Baseline {baseline.ToString("#,0.##", CultureInfo.InvariantCulture)} tokens/s", baseline, "#c92a2a")]));

        var bars = FlagNames.AllNames.Select(name =>
        {
            long count = FlagRates.Count(report.Flags, name);
            double? rate = FlagRates.Rate(report.Summary, name, count);
            // The one flag with another denominator says so next to its figure, not only in the axis title.
            string text = FlagRates.DenominatorLabel(name) == "all requests"
                ? $"{DisplayFormat.Percent(rate)} ({DisplayFormat.Count(count)})"
                : $"{DisplayFormat.Percent(rate)} of json_mode ({DisplayFormat.Count(count)})";
            return new HorizontalBar(name, FlagLabels.Label(name), rate, count, text);
        }).ToList();
        Figure(html, "chart-flags", "标记率 Flag rates (全部时间 whole range)", SvgCharts.HorizontalBars(
            "标记率 Flag rates", "flag_rate", "占请求比例 Share of requests (%; malformed_json: of json_mode requests)", bars));

        if (options.IncludeHourlyFlagRates)
        {
            var top = FlagNames.AllNames
                .Select(name => (Name: name, Count: FlagRates.Count(report.Flags, name)))
                .Where(f => f.Count > 0)
                .OrderByDescending(f => f.Count)
                .Take(Math.Max(options.MaxHourlyFlagSeries, 0))
                .ToList();
            if (top.Count > 0)
            {
                var series = top.Select((f, i) => new LineSeries(
                    "flag_rate_" + f.Name, FlagLabels.Label(f.Name), FlagColors[i % FlagColors.Length], false,
                    [.. hours.Select(h => new HourValue(h.Hour, FlagRates.Rate(h, f.Name, FlagRates.Count(h.Flags, f.Name))))])).ToList();
                Figure(html, "chart-flags-hourly", "每小时标记率 Flag rates per hour (%)", SvgCharts.HourlyLines(
                    "每小时标记率 Flag rates per hour (%)",
                    new ValueAxis("标记率 Flag rate (%)", v => (v * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%"),
                    series));
            }
        }

        html.Append("</section>\n");
    }

    private static void Figure(StringBuilder html, string id, string caption, string svg) =>
        html.Append(CultureInfo.InvariantCulture, $"<figure id=\"{id}\"><figcaption>{HtmlText.Escape(caption)}</figcaption>\n{svg}\n</figure>\n");

    private static void AppendWorstHours(StringBuilder html, AnalysisReport report, HtmlReportOptions options)
    {
        int n = Math.Max(options.WorstHoursCount, 0);
        html.Append("<section id=\"worst-hours\">\n<h2>最差小时 Worst hours</h2>\n");

        html.Append(CultureInfo.InvariantCulture, $"<h3>P95 延迟最高 Highest P95 latency (top {n})</h3>\n");
        var byLatency = report.Hourly.Where(h => h.LatencyMs.P95.HasValue)
            .OrderByDescending(h => h.LatencyMs.P95).ThenBy(h => h.Hour).Take(n).ToList();
        AppendRankedHours(html, byLatency, "无数据 No data.", "worst-latency",
            "<thead><tr><th class=\"text\">小时 Hour</th><th>请求 Requests</th><th>P50 (ms)</th><th>P95 (ms)</th><th>P99 (ms)</th><th>首 token P95 First-token P95 (ms)</th><th>解码 Decode (tok/s)</th></tr></thead>",
            (table, h) => table.Append(CultureInfo.InvariantCulture,
                $"<tr data-hour=\"{Formatting.UtcIso(h.Hour)}\"><td class=\"text\">{DisplayFormat.Hour(h.Hour)}</td><td>{DisplayFormat.Count(h.TotalRequests)}</td><td>{DisplayFormat.Decimal(h.LatencyMs.P50)}</td><td>{DisplayFormat.Decimal(h.LatencyMs.P95)}</td><td>{DisplayFormat.Decimal(h.LatencyMs.P99)}</td><td>{DisplayFormat.Decimal(h.FirstTokenLatencyMs.P95)}</td><td>{DisplayFormat.Decimal(h.DecodeTps.Mean)}</td></tr>\n"));

        // A request can carry several flags, so the hour's figure is flags per request, not a share of requests.
        html.Append(CultureInfo.InvariantCulture, $"<h3>标记最多 Most flags per request (top {n})</h3>\n");
        var byFlags = report.Hourly
            .Where(h => h.TotalRequests > 0)
            .Select(h => (Hour: h, Flags: h.Flags.Values.Sum(), Top: h.Flags.Where(f => f.Value > 0).OrderByDescending(f => f.Value).ThenBy(f => f.Key, StringComparer.Ordinal).FirstOrDefault()))
            .Where(x => x.Flags > 0)
            .OrderByDescending(x => (double)x.Flags / x.Hour.TotalRequests).ThenBy(x => x.Hour.Hour)
            .Take(n)
            .ToList();
        AppendRankedHours(html, byFlags, "无标记 No flags raised.", "worst-flags",
            "<thead><tr><th class=\"text\">小时 Hour</th><th>请求 Requests</th><th>标记数 Flags</th><th>每请求标记 Flags per request</th><th class=\"text\">最多的标记 Top flag</th></tr></thead>",
            (table, x) => table.Append(CultureInfo.InvariantCulture,
                $"<tr data-hour=\"{Formatting.UtcIso(x.Hour.Hour)}\"><td class=\"text\">{DisplayFormat.Hour(x.Hour.Hour)}</td><td>{DisplayFormat.Count(x.Hour.TotalRequests)}</td><td>{DisplayFormat.Count(x.Flags)}</td><td>{DisplayFormat.Decimal((double)x.Flags / x.Hour.TotalRequests, 3)}</td><td class=\"text\">{HtmlText.Escape(FlagLabels.Label(x.Top.Key))} ({DisplayFormat.Count(x.Top.Value)})</td></tr>\n"));

        html.Append("</section>\n");
    }

    // One worst-hours ranking: its table, or one line saying there was nothing to rank.
    private static void AppendRankedHours<T>(StringBuilder html, IReadOnlyList<T> ranked, string none, string id, string header, Action<StringBuilder, T> appendRow)
    {
        if (ranked.Count == 0)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"none\">{none}</p>\n");
            return;
        }

        html.Append(CultureInfo.InvariantCulture, $"<table id=\"{id}\">\n{header}\n<tbody>\n");
        foreach (T row in ranked)
        {
            appendRow(html, row);
        }

        html.Append("</tbody>\n</table>\n");
    }

    private static void AppendGroups(StringBuilder html, string heading, string nameHeader, string id, IReadOnlyList<GroupStatistics> groups, HtmlReportOptions options)
    {
        html.Append(CultureInfo.InvariantCulture, $"<section id=\"{id}\">\n<h2>{heading}</h2>\n");
        if (groups.Count == 0)
        {
            html.Append("<p class=\"none\">无数据 No data.</p>\n</section>\n");
            return;
        }

        html.Append(CultureInfo.InvariantCulture,
            $"<table>\n<thead><tr><th class=\"text\">{nameHeader}</th><th>请求 Requests</th><th>成功率 Success</th><th>输入 Prompt tok</th><th>输出 Completion tok</th><th>P50 (ms)</th><th>P95 (ms)</th><th>P99 (ms)</th><th>首 token P95 (ms)</th><th>吞吐 Throughput (tok/s)</th><th>解码 Decode (tok/s)</th><th class=\"text\">标记 Flags</th></tr></thead>\n<tbody>\n");
        foreach (GroupStatistics g in groups.Take(Math.Max(options.MaxGroupRows, 0)))
        {
            string flags = string.Join(", ", FlagNames.AllNames
                .Select(name => (Name: name, Count: FlagRates.Count(g.Flags, name)))
                .Where(f => f.Count > 0)
                .Select(f => $"{f.Name}: {DisplayFormat.Count(f.Count)}"));
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td class=\"text name\">{HtmlText.Escape(g.Name)}</td><td>{DisplayFormat.Count(g.TotalRequests)}</td><td>{DisplayFormat.Percent(g.SuccessRate)}</td><td>{DisplayFormat.Decimal(g.AvgPromptTokens)}</td><td>{DisplayFormat.Decimal(g.AvgCompletionTokens)}</td><td>{DisplayFormat.Decimal(g.LatencyMs.P50)}</td><td>{DisplayFormat.Decimal(g.LatencyMs.P95)}</td><td>{DisplayFormat.Decimal(g.LatencyMs.P99)}</td><td>{DisplayFormat.Decimal(g.FirstTokenLatencyMs.P95)}</td><td>{DisplayFormat.Decimal(g.ThroughputTps.Mean)}</td><td>{DisplayFormat.Decimal(g.DecodeTps.Mean)}</td><td class=\"text\">{(flags.Length == 0 ? DisplayFormat.Missing : HtmlText.Escape(flags))}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");
        if (groups.Count > options.MaxGroupRows)
        {
            html.Append(CultureInfo.InvariantCulture, $"<p class=\"none\">另有 {groups.Count - options.MaxGroupRows} 项未列出 {groups.Count - options.MaxGroupRows} more not listed.</p>\n");
        }

        html.Append("</section>\n");
    }

    private static void AppendRejects(StringBuilder html, AnalysisReport report, HtmlReportOptions options)
    {
        LineCounts lines = report.Lines;
        double? share = lines.Total > 0 ? (double)lines.Rejected / lines.Total : null;
        html.Append("<section id=\"rejects\">\n<h2>拒绝的行 Rejected lines</h2>\n")
            .Append(CultureInfo.InvariantCulture,
                $"<p>拒绝 Rejected <strong>{DisplayFormat.Count(lines.Rejected)}</strong> / 共 {DisplayFormat.Count(lines.Total)} 行 lines ({DisplayFormat.Percent(share)}); 空行 blank {DisplayFormat.Count(lines.Blank)}.</p>\n");
        if (report.Rejects.Count == 0)
        {
            html.Append(lines.Rejected == 0 ? "<p class=\"none\">无拒绝 No rejected lines.</p>\n" : "<p class=\"none\">未列出明细 Details not listed.</p>\n");
            html.Append("</section>\n");
            return;
        }

        // Reasons carry specifics after a colon and numbers ("invalid JSON at byte 17: ..."); without them alike lines group together.
        var kinds = report.Rejects
            .GroupBy(r => ReasonKind(r.Reason), StringComparer.Ordinal)
            .Select(g => (Kind: g.Key, Count: g.LongCount()))
            .OrderByDescending(k => k.Count).ThenBy(k => k.Kind, StringComparer.Ordinal)
            .ToList();
        string listedNote = report.RejectsTruncated ? $"前 {report.Rejects.Count} 条 of the first {report.Rejects.Count} listed" : "全部 all";
        html.Append(CultureInfo.InvariantCulture, $"<h3>按原因 By reason ({listedNote})</h3>\n<table id=\"reject-kinds\">\n<thead><tr><th class=\"text\">原因 Reason</th><th>行数 Lines</th></tr></thead>\n<tbody>\n");
        foreach ((string kind, long count) in kinds)
        {
            html.Append(CultureInfo.InvariantCulture, $"<tr><td class=\"text\">{HtmlText.Escape(kind)}</td><td>{DisplayFormat.Count(count)}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n");

        int listed = Math.Min(Math.Max(options.MaxRejectsListed, 0), report.Rejects.Count);
        html.Append(CultureInfo.InvariantCulture, $"<h3>明细 Details (前 first {listed})</h3>\n<table id=\"reject-lines\">\n<thead><tr><th class=\"text\">分片 Shard</th><th>行 Line</th><th class=\"text\">原因 Reason</th></tr></thead>\n<tbody>\n");
        foreach (LineRejection reject in report.Rejects.Take(listed))
        {
            html.Append(CultureInfo.InvariantCulture,
                $"<tr><td class=\"text\">{HtmlText.Escape(reject.Shard)}</td><td>{reject.Line.ToString(CultureInfo.InvariantCulture)}</td><td class=\"text\">{HtmlText.Escape(reject.Reason)}</td></tr>\n");
        }

        html.Append("</tbody>\n</table>\n</section>\n");
    }

    private static string ReasonKind(string reason)
    {
        int colon = reason.IndexOf(':', StringComparison.Ordinal);
        string kind = (colon > 0 ? reason[..colon] : reason).Trim();
        var builder = new StringBuilder(kind.Length);
        foreach (char c in kind)
        {
            if (char.IsAsciiDigit(c))
            {
                if (builder.Length == 0 || builder[^1] != 'N')
                {
                    builder.Append('N');
                }
            }
            else
            {
                builder.Append(c);
            }
        }

        kind = builder.ToString();
        return kind.Length > 100 ? kind[..100] + "…" : kind;
    }
}
