using System.Globalization;
using System.Text.RegularExpressions;

namespace QwenLogFunctions.Reporting.Tests;

/// <summary>The page's layout fixes of issue 16 (item 8), checked on the markup; docs/report-screenshot.png shows them.</summary>
public sealed class HtmlLayoutTests
{
    private static readonly string Html = HtmlReportRenderer.Render(
        SampleReports.Build([.. Enumerable.Range(0, 24)]),
        [new("flag_rate:pii_phone", "qwen2.5-7b-instruct", SampleReports.Start.AddHours(23), 0.0098, 0.005, SampleReports.Start.AddHours(22), "message")],
        new HtmlReportOptions { MaxHourlyFlagSeries = 15, DecodeBaselineTokensPerSecond = 100 });

    [Fact]
    public void The_latency_card_keeps_its_unit_in_the_label_and_its_figures_on_one_line()
    {
        var card = Regex.Match(Html, "id=\"card-latency\"><div class=\"label\">([^<]*)</div><div class=\"value\">([^<]*)</div><div class=\"sub\">([^<]*)</div>");
        Assert.True(card.Success);
        Assert.EndsWith("(ms)", card.Groups[1].Value, StringComparison.Ordinal);
        Assert.DoesNotContain("ms", card.Groups[2].Value, StringComparison.Ordinal);
        Assert.False(card.Groups[3].Value.StartsWith("ms", StringComparison.Ordinal));
        Assert.Matches(@"\.card \.value \{[^}]*white-space: nowrap", Html);
    }

    [Fact]
    public void Model_device_and_alert_names_never_break_inside_a_word()
    {
        Assert.DoesNotContain("word-break: break-word", Html, StringComparison.Ordinal);
        Assert.Matches(@"td\.name \{ white-space: nowrap; \}", Html);
        Assert.Contains("<td class=\"text name\">qwen2.5-7b-instruct</td>", Html, StringComparison.Ordinal);
        Assert.Contains("<td class=\"text name alert-firing\">flag_rate:pii_phone</td>", Html, StringComparison.Ordinal);
    }

    [Fact]
    public void The_baseline_is_named_in_the_legend_not_over_the_lines()
    {
        Assert.DoesNotContain("class=\"ref-label\"", Html, StringComparison.Ordinal);
        Assert.Contains("<text class=\"legend\"", Html, StringComparison.Ordinal);
        Assert.Matches("class=\"legend\"[^>]*>基线 Baseline 100 tokens/s</text>", Html);
    }

    [Fact]
    public void Every_legend_entry_fits_inside_its_chart()
    {
        // The committed sample has many flags in use: the hourly flag chart gets a long legend.
        var sample = new QwenLogFunctions.Core.Parsing.ShardAnalyzer(new QwenLogFunctions.Core.Parsing.AnalyzerOptions())
            .Analyze([QwenLogFunctions.Core.Parsing.ShardSource.FromFile(Path.Combine(QwenLogFunctions.TestUtility.RepositoryPaths.Root, "samples", "qwen-sample.jsonl"))], exactPercentiles: true)
            .Build();
        string html = HtmlReportRenderer.Render(sample, [], new HtmlReportOptions { MaxHourlyFlagSeries = 15 });
        int legends = 0;
        foreach (Match svg in Regex.Matches(html, "<svg[^>]*viewBox=\"0 0 ([0-9.]+) ([0-9.]+)\"(.*?)</svg>", RegexOptions.Singleline))
        {
            double width = double.Parse(svg.Groups[1].Value, CultureInfo.InvariantCulture);
            double height = double.Parse(svg.Groups[2].Value, CultureInfo.InvariantCulture);
            foreach (Match legend in Regex.Matches(svg.Groups[3].Value, "<text class=\"legend\" x=\"([0-9.]+)\" y=\"([0-9.]+)\">([^<]*)</text>"))
            {
                double x = double.Parse(legend.Groups[1].Value, CultureInfo.InvariantCulture);
                double y = double.Parse(legend.Groups[2].Value, CultureInfo.InvariantCulture);
                // 13px text: CJK about 13px a character, Latin about 7.2px (the renderer's own estimate).
                double textWidth = legend.Groups[3].Value.Sum(c => c >= '\u2E80' ? 13.0 : 7.2);
                Assert.True(x + textWidth <= width, $"legend '{legend.Groups[3].Value}' ends at {x + textWidth:F0} > {width}");
                Assert.InRange(y, 0, height);
                legends++;
            }
        }

        Assert.True(legends > 10, $"only {legends} legend entries");
    }
}
