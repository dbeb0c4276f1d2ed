using System.Globalization;
using System.Text.RegularExpressions;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Reporting.Tests;

/// <summary>Reads the data marks (circles and rects with data-series/data-hour/data-value) out of rendered HTML or a browser's DOM dump.</summary>
internal static partial class ChartPoints
{
    public sealed record Point(string Series, string Hour, double Value, IReadOnlyDictionary<string, string> Attributes);

    public static List<Point> Extract(string html)
    {
        var points = new List<Point>();
        foreach (Match tag in MarkTag().Matches(html))
        {
            var attributes = Attribute().Matches(tag.Value).ToDictionary(m => m.Groups[1].Value, m => m.Groups[2].Value, StringComparer.Ordinal);
            if (attributes.TryGetValue("data-series", out string? series)
                && attributes.TryGetValue("data-hour", out string? hour)
                && attributes.TryGetValue("data-value", out string? value))
            {
                points.Add(new Point(series, hour, double.Parse(value, CultureInfo.InvariantCulture), attributes));
            }
        }

        return points;
    }

    public static Dictionary<string, double> Series(string html, string series) =>
        Extract(html).Where(p => p.Series == series).ToDictionary(p => p.Hour, p => p.Value, StringComparer.Ordinal);

    /// <summary>The hourly series every chart page draws, with the report value each point must show.</summary>
    public static readonly IReadOnlyList<(string Series, Func<HourlyStatistics, double?> Value)> HourlySeries =
    [
        ("requests", h => h.TotalRequests),
        ("latency_p50", h => h.LatencyMs.P50),
        ("latency_p95", h => h.LatencyMs.P95),
        ("latency_p99", h => h.LatencyMs.P99),
        ("first_token_p95", h => h.FirstTokenLatencyMs.P95),
        ("decode_tps", h => h.DecodeTps.Mean),
    ];

    /// <summary>
    /// Each series drawn holds exactly one point per hour where the report has a value, with that value: an hour
    /// without one has no point (not a zero).
    /// </summary>
    public static void AssertDrawnAsReported(string html, AnalysisReport report, IEnumerable<(string Series, Func<HourlyStatistics, double?> Value)> series)
    {
        foreach (var (name, value) in series)
        {
            var drawn = Series(html, name);
            var wanted = report.Hourly.Where(h => value(h).HasValue).ToDictionary(h => Iso(h.Hour), h => value(h)!.Value);
            Assert.Equal(wanted.OrderBy(kv => kv.Key, StringComparer.Ordinal), drawn.OrderBy(kv => kv.Key, StringComparer.Ordinal));
        }
    }

    public static string Iso(DateTimeOffset hour) => hour.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"<(?:circle|rect)\b[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex MarkTag();

    [GeneratedRegex(@"([a-zA-Z-]+)=""([^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex Attribute();
}
