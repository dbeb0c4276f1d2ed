using System.Buffers.Binary;
using System.Text.RegularExpressions;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Reporting.Tests.Browser;

/// <summary>
/// Opens the HTML report in a real browser: the charts the browser built from the page must hold a point per hour
/// with the report's values, and the page must render to a non-blank screenshot.
/// Set QWENLOG_REPORT_SCREENSHOT_OUT to a path to keep the screenshot (docs/report-screenshot.png is made this way).
/// </summary>
public sealed class HtmlReportBrowserTests : IDisposable
{
    private readonly DirectoryInfo _work = Directory.CreateTempSubdirectory("qwenlog-report-");

    /// <summary>A day of traffic with two hours missing (09:00 and 10:00 UTC): realistic, and it exercises gaps.</summary>
    private static AnalysisReport Report() =>
        SampleReports.Build([.. Enumerable.Range(0, 24).Where(h => h is not (9 or 10))]);

    private static IReadOnlyList<ReportAlertRow> Alerts() =>
    [
        new("latency_p95", "qwen2.5-7b-instruct", SampleReports.Start.AddHours(23), 7650.25, 6000, SampleReports.Start.AddHours(21), "每小时 P95 延迟超过阈值 Hourly P95 latency above threshold", "ms"),
        new("flag_rate:pii_phone", "all", SampleReports.Start.AddHours(23), 0.0098, 0.005, SampleReports.Start.AddHours(22), "手机号泄露比例过高 Phone numbers in outputs above threshold"),
    ];

    [BrowserFact]
    public async Task Chromium_renders_every_hourly_point_of_the_report()
    {
        AnalysisReport report = Report();
        string htmlFile = Path.Combine(_work.FullName, "report.html");
        await File.WriteAllTextAsync(htmlFile, HtmlReportRenderer.Render(report, Alerts()));

        string dom = await Chromium.DumpDomAsync(htmlFile);

        Assert.Contains("<svg", dom, StringComparison.Ordinal);
        ChartPoints.AssertDrawnAsReported(dom, report, ChartPoints.HourlySeries);

        Assert.Equal(22, ChartPoints.Series(dom, "requests").Count);
        Assert.DoesNotContain("2025-01-01T09:00:00Z", ChartPoints.Series(dom, "latency_p95").Keys);
        Assert.Matches(new Regex("data-series=\"decode_baseline\" data-value=\"100\""), dom);
        Assert.Contains("每小时 P95 延迟超过阈值", dom, StringComparison.Ordinal);
    }

    [BrowserFact]
    public async Task Chromium_takes_a_non_blank_screenshot_of_the_report()
    {
        string htmlFile = Path.Combine(_work.FullName, "report.html");
        string pngFile = Path.Combine(_work.FullName, "report.png");
        await File.WriteAllTextAsync(htmlFile, HtmlReportRenderer.Render(Report(), Alerts()));

        await Chromium.ScreenshotAsync(htmlFile, pngFile);

        Assert.True(File.Exists(pngFile), "chromium wrote no screenshot");
        byte[] png = await File.ReadAllBytesAsync(pngFile);
        Assert.Equal([0x89, (byte)'P', (byte)'N', (byte)'G', 0x0D, 0x0A, 0x1A, 0x0A], png[..8]);
        Assert.Equal("IHDR", System.Text.Encoding.ASCII.GetString(png, 12, 4));
        Assert.Equal(1280u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(16)));
        Assert.Equal(2400u, BinaryPrimitives.ReadUInt32BigEndian(png.AsSpan(20)));
        // A blank 1280×2400 page compresses to a few kilobytes; text and charts make it far larger.
        Assert.True(png.Length > 60_000, $"screenshot is only {png.Length} bytes: the page looks blank");

        if (Environment.GetEnvironmentVariable("QWENLOG_REPORT_SCREENSHOT_OUT") is { Length: > 0 } keep)
        {
            File.Copy(pngFile, keep, overwrite: true);
        }
    }

    public void Dispose() => _work.Delete(recursive: true);
}
