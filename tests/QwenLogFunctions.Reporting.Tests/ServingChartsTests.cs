using System.Globalization;
using System.Text.RegularExpressions;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Reporting.Tests;

/// <summary>The P50/P95/P99 charts of E2E, TTFT, ITL and queue time per hour, on a log scale.</summary>
public sealed partial class ServingChartsTests
{
    [Fact]
    public void Each_measure_gets_p50_p95_p99_per_hour_on_a_log_scale_where_p50_stays_readable_next_to_p99()
    {
        AnalysisReport report = SampleReports.WithGap();
        foreach (var hour in report.Hourly)
        {
            // P99 a hundred times P50: on a linear axis P50 would sit on the floor.
            hour.ItlMs = new PercentileSummary(100, 20, 10, 200, 1000, 1000);
            hour.QueueTimeMs = new PercentileSummary(100, 20, 2, 50, 400, 400);
        }

        string html = HtmlReportRenderer.Render(report, []);

        foreach (var (chart, of) in new (string, Func<SummaryStatistics, PercentileSummary>)[]
        {
            ("e2e", s => s.LatencyMs), ("ttft", s => s.FirstTokenLatencyMs), ("itl", s => s.ItlMs), ("queue", s => s.QueueTimeMs),
        })
        {
            Assert.Contains($"<figure id=\"chart-{chart}-percentiles\">", html, StringComparison.Ordinal);
            Assert.Equal(
                report.Hourly.Where(h => of(h).P99 is not null).ToDictionary(h => ChartPoints.Iso(h.Hour), h => of(h).P99!.Value),
                ChartPoints.Series(html, $"{chart}_p99"));
            Assert.Equal(report.Hourly.Count(h => of(h).P50 is not null), ChartPoints.Series(html, $"{chart}_p50").Count);
        }

        string itl = Figure(html, "chart-itl-percentiles");
        var y = Circles(itl);
        double p50 = y["itl_p50"], p95 = y["itl_p95"], p99 = y["itl_p99"];

        // Log scale: equal ratios are equal distances (10 → 200 → 1000 ms), and P50 is well above the floor.
        double top = 30, plotHeight = PlotBottom(itl) - top;
        Assert.Equal(Math.Log10(200.0 / 10) / Math.Log10(1000.0 / 200), (p50 - p95) / (p95 - p99), 2);
        Assert.True(PlotBottom(itl) - p50 > plotHeight / 10, "P50 sits above the bottom tenth of the plot");
        Assert.Contains(">10<", itl, StringComparison.Ordinal);
        Assert.Contains(">1,000<", itl, StringComparison.Ordinal);
    }

    private static string Figure(string html, string id)
    {
        int start = html.IndexOf($"<figure id=\"{id}\">", StringComparison.Ordinal);
        return html[start..html.IndexOf("</figure>", start, StringComparison.Ordinal)];
    }

    /// <summary>The y of the first circle of each series.</summary>
    private static Dictionary<string, double> Circles(string svg)
    {
        var result = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (Match match in Circle().Matches(svg))
        {
            result.TryAdd(match.Groups[1].Value, double.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture));
        }

        return result;
    }

    private static double PlotBottom(string svg) =>
        double.Parse(AxisBottom().Match(svg).Groups[1].Value, CultureInfo.InvariantCulture);

    [GeneratedRegex(@"<circle data-series=""([a-z0-9_]+)""[^>]*? cy=""([0-9.]+)""")]
    private static partial Regex Circle();

    [GeneratedRegex(@"<line class=""axis"" x1=""[0-9.]+"" x2=""[0-9.]+"" y1=""[0-9.]+"" y2=""([0-9.]+)""/>")]
    private static partial Regex AxisBottom();
}
