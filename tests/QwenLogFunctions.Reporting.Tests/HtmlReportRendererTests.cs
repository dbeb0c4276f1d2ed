using System.Globalization;
using System.Text.RegularExpressions;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Reporting.Tests;

public sealed class HtmlReportRendererTests
{
    [Fact]
    public void Charts_carry_one_point_per_hour_with_the_reports_values()
    {
        AnalysisReport report = SampleReports.WithGap();
        string html = HtmlReportRenderer.Render(report, []);

        ChartPoints.AssertDrawnAsReported(html, report,
        [
            .. ChartPoints.HourlySeries,
            ("throughput_tps", h => h.ThroughputTps.Mean),
            ("flag_rate_pii_phone", h => h.Flags["pii_phone"] / (double)h.TotalRequests),
            ("flag_rate_malformed_json", h => h.Flags["malformed_json"] / (double)h.JsonModeRequests),
        ]);

        // Hour 6 has no first-token latency and no decode speed: no point, not a zero.
        Assert.DoesNotContain(ChartPoints.Iso(SampleReports.Start.AddHours(6)), ChartPoints.Series(html, "first_token_p95").Keys);
        Assert.Equal(5, ChartPoints.Series(html, "decode_tps").Count);
    }

    [Fact]
    public void Missing_hours_break_the_lines_and_keep_time_proportional_spacing()
    {
        string html = HtmlReportRenderer.Render(SampleReports.WithGap(), []);

        // Hours 0,1,2 | gap 3,4 | 5,6,7: two segments for latency; decode is also undefined at 6, so three.
        Assert.Equal(2, MoveCount(html, "latency_p95"));
        Assert.Equal(3, MoveCount(html, "decode_tps"));

        var cx = ChartPoints.Extract(html).Where(p => p.Series == "latency_p95")
            .ToDictionary(p => p.Hour, p => double.Parse(p.Attributes["cx"], CultureInfo.InvariantCulture), StringComparer.Ordinal);
        double step = cx[Iso(1)] - cx[Iso(0)];
        Assert.True(step > 0);
        Assert.Equal(3 * step, cx[Iso(5)] - cx[Iso(2)], 1);
        Assert.Equal(step, cx[Iso(7)] - cx[Iso(6)], 1);
    }

    [Fact]
    public void A_single_hour_draws_one_bar_and_one_point_with_finite_coordinates()
    {
        string html = HtmlReportRenderer.Render(SampleReports.Build([4]), []);

        Assert.Single(ChartPoints.Series(html, "requests"));
        Assert.Single(ChartPoints.Series(html, "latency_p95"));
        Assert.DoesNotContain("NaN", html, StringComparison.Ordinal);
        Assert.DoesNotContain("Infinity", html, StringComparison.Ordinal);
        var bar = ChartPoints.Extract(html).Single(p => p.Series == "requests");
        Assert.True(double.Parse(bar.Attributes["width"], CultureInfo.InvariantCulture) > 100, "a lone hour's bar spans the plot");
    }

    [Fact]
    public void No_hours_render_empty_charts_and_dashes_instead_of_numbers()
    {
        string html = HtmlReportRenderer.Render(SampleReports.Build([]), []);

        Assert.Empty(ChartPoints.Extract(html));
        Assert.Contains("无数据 No data", html, StringComparison.Ordinal);
        Assert.DoesNotContain("NaN", html, StringComparison.Ordinal);
        Assert.Matches(new Regex("id=\"card-success-rate\"><div class=\"label\">[^<]*</div><div class=\"value\">–</div>"), html);
        Assert.Matches(new Regex("id=\"card-latency\"><div class=\"label\">[^<]*</div><div class=\"value\">– / – / –</div>"), html);
    }

    [Fact]
    public void The_decode_chart_draws_the_baseline_as_a_labelled_dashed_line()
    {
        string html = HtmlReportRenderer.Render(SampleReports.WithGap(), [], new HtmlReportOptions { DecodeBaselineTokensPerSecond = 100 });

        Match line = Regex.Match(html, "<line class=\"reference\" data-series=\"decode_baseline\" data-value=\"100\"[^>]*>");
        Assert.True(line.Success);
        Assert.Contains("stroke-dasharray", line.Value, StringComparison.Ordinal);
        Assert.Contains("基线 Baseline 100 tokens/s", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Flag_rate_bars_cover_every_flag_over_the_whole_range()
    {
        AnalysisReport report = SampleReports.WithGap();
        string html = HtmlReportRenderer.Render(report, []);

        var bars = Regex.Matches(html, "<rect data-series=\"flag_rate\" data-flag=\"([a-z_]+)\" data-value=\"([^\"]*)\" data-count=\"(\\d+)\"")
            .ToDictionary(m => m.Groups[1].Value, m => (Value: m.Groups[2].Value, Count: long.Parse(m.Groups[3].Value, CultureInfo.InvariantCulture)));
        Assert.Equal(FlagNames.AllNames, bars.Keys);
        Assert.Equal(report.Flags["pii_phone"], bars["pii_phone"].Count);
        Assert.Equal((double)report.Flags["pii_phone"] / report.Summary.TotalRequests, double.Parse(bars["pii_phone"].Value, CultureInfo.InvariantCulture));
        // malformed_json is a rate over json_mode requests, not over all of them.
        Assert.Equal((double)report.Flags["malformed_json"] / report.Summary.JsonModeRequests, double.Parse(bars["malformed_json"].Value, CultureInfo.InvariantCulture));
        Assert.Equal("0", bars["secret_leak"].Value);
    }

    [Fact]
    public void Data_from_logs_is_escaped_everywhere()
    {
        const string evil = "<script>alert('x')</script>";
        AnalysisReport report = SampleReports.Build(SampleReports.HourOffsets, modelName: evil);
        ReportAlertRow alert = new("latency_p95", evil, SampleReports.Start, 5000, 4000, SampleReports.Start, "P95 \"too high\" <img src=x onerror=alert(1)>", "ms");
        string html = HtmlReportRenderer.Render(report, [alert]);

        Assert.DoesNotContain("<script", html, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain("<img", html, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;", html, StringComparison.Ordinal);
        Assert.Contains("P95 &quot;too high&quot; &lt;img src=x onerror=alert(1)&gt;", html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_page_is_self_contained_utf8_and_labelled_in_chinese_and_english()
    {
        string html = HtmlReportRenderer.Render(SampleReports.WithGap(), []);

        Assert.StartsWith("<!DOCTYPE html>", html, StringComparison.Ordinal);
        Assert.Contains("<html lang=\"zh-CN\">", html, StringComparison.Ordinal);
        Assert.Contains("<meta charset=\"utf-8\">", html, StringComparison.Ordinal);
        Assert.Contains("\"Noto Sans CJK SC\", \"Microsoft YaHei\", \"PingFang SC\"", html, StringComparison.Ordinal);
        // Nothing fetched: the only URL is the SVG namespace, which is an identifier, not a request.
        Assert.DoesNotContain(Regex.Matches(html, "https?://"), m => !html.AsSpan(m.Index).StartsWith("http://www.w3.org/2000/svg"));
        Assert.DoesNotMatch(new Regex("<(script|link|img|iframe)\\b|\\bsrc=|@import|url\\(", RegexOptions.IgnoreCase), html);
        foreach (string label in new[] { "延迟 Latency (ms)", "每小时请求数 Requests per hour", "解码速度 Decode speed (tokens/s)", "时间 Time (UTC)", "请求数 Requests (count)" })
        {
            Assert.Contains(label, html, StringComparison.Ordinal);
        }

        Assert.Contains("data-tick-hour=\"2025-01-01T00:00:00Z\"", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Firing_alerts_are_listed_with_measured_value_and_threshold()
    {
        ReportAlertRow alert = new("decode_tps_floor", "qwen2.5-7b-instruct", SampleReports.Start.AddHours(5), 87.25, 100, SampleReports.Start.AddHours(5), "解码速度低于基线 Decode below floor", "tok/s");
        string html = HtmlReportRenderer.Render(SampleReports.WithGap(), [alert]);

        Assert.Contains("Firing alerts (1)", html, StringComparison.Ordinal);
        Assert.Contains("<td>87.25 tok/s</td><td>100 tok/s</td>", html, StringComparison.Ordinal);
        Assert.Contains("2025-01-01 05:00 UTC", html, StringComparison.Ordinal);

        string none = HtmlReportRenderer.Render(SampleReports.WithGap(), []);
        Assert.Contains("No alerts are firing", none, StringComparison.Ordinal);
    }

    [Fact]
    public void Worst_hours_are_ordered_by_p95_latency_and_by_flags_per_request()
    {
        AnalysisReport report = SampleReports.WithGap();
        string html = HtmlReportRenderer.Render(report, [], new HtmlReportOptions { WorstHoursCount = 3 });

        string latencyTable = Regex.Match(html, "<table id=\"worst-latency\">.*?</table>", RegexOptions.Singleline).Value;
        var latencyHours = Regex.Matches(latencyTable, "data-hour=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        Assert.Equal([Iso(7), Iso(6), Iso(5)], latencyHours);

        string flagTable = Regex.Match(html, "<table id=\"worst-flags\">.*?</table>", RegexOptions.Singleline).Value;
        var flagHours = Regex.Matches(flagTable, "data-hour=\"([^\"]+)\"").Select(m => m.Groups[1].Value).ToList();
        var wanted = report.Hourly
            .OrderByDescending(h => h.Flags.Values.Sum() / (double)h.TotalRequests)
            .Take(3).Select(h => ChartPoints.Iso(h.Hour)).ToList();
        Assert.Equal(wanted, flagHours);
    }

    [Fact]
    public void Rejects_are_summarised_by_reason_without_their_specifics()
    {
        string html = HtmlReportRenderer.Render(SampleReports.WithGap(), []);

        string kinds = Regex.Match(html, "<table id=\"reject-kinds\">.*?</table>", RegexOptions.Singleline).Value;
        Assert.Contains("<td class=\"text\">invalid JSON at byte N</td><td>2</td>", kinds, StringComparison.Ordinal);
        Assert.Contains("<td class=\"text\">field metadata.total_latency_ms is negative</td><td>1</td>", kinds, StringComparison.Ordinal);
        Assert.Contains("&#39;&lt;&#39; is an invalid start of a value", html, StringComparison.Ordinal);
    }

    [Fact]
    public void Rendering_does_not_depend_on_the_current_culture()
    {
        AnalysisReport report = SampleReports.WithGap();
        CultureInfo saved = CultureInfo.CurrentCulture;
        string invariant;
        string german;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.InvariantCulture;
            invariant = HtmlReportRenderer.Render(report, []);
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("de-DE");
            german = HtmlReportRenderer.Render(report, []);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }

        Assert.Equal(invariant, german);
    }

    private static string Iso(int offset) => ChartPoints.Iso(SampleReports.Start.AddHours(offset));

    private static int MoveCount(string html, string series)
    {
        Match path = Regex.Match(html, $"data-series-line=\"{series}\" d=\"([^\"]+)\"");
        Assert.True(path.Success, series);
        return path.Groups[1].Value.Count(c => c == 'M');
    }
}
