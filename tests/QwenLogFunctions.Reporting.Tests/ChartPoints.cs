using System.Globalization;
using System.Text.RegularExpressions;

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

    public static string Iso(DateTimeOffset hour) => hour.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"<(?:circle|rect)\b[^>]*>", RegexOptions.CultureInvariant)]
    private static partial Regex MarkTag();

    [GeneratedRegex(@"([a-zA-Z-]+)=""([^""]*)""", RegexOptions.CultureInvariant)]
    private static partial Regex Attribute();
}
