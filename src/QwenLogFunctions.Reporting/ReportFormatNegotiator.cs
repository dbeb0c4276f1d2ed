using System.Globalization;

namespace QwenLogFunctions.Reporting;

/// <summary>
/// Chooses the response format of the report and audit-sample endpoints. An explicit <c>format</c> query value
/// (json, html, csv; case-insensitive) wins; otherwise the Accept header is honoured with its q-values, the most
/// specific matching media range deciding each format's quality (RFC 9110 section 12.5.1). With neither, or with
/// only <c>*/*</c>, the answer is JSON.
/// </summary>
public static class ReportFormatNegotiator
{
    /// <summary>Every format, in preference order when the client has none (JSON first).</summary>
    public static IReadOnlyList<ReportFormat> AllFormats { get; } = [ReportFormat.Json, ReportFormat.Html, ReportFormat.Csv];

    /// <summary>The query-string name of a format ("json", "html", "csv").</summary>
    public static string NameOf(ReportFormat format) => format switch
    {
        ReportFormat.Json => "json",
        ReportFormat.Html => "html",
        ReportFormat.Csv => "csv",
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>The response content type of a format, with charset.</summary>
    public static string ContentTypeOf(ReportFormat format) => format switch
    {
        ReportFormat.Json => "application/json; charset=utf-8",
        ReportFormat.Html => HtmlReportRenderer.ContentType,
        ReportFormat.Csv => CsvReportRenderer.ContentType,
        _ => throw new ArgumentOutOfRangeException(nameof(format), format, null),
    };

    /// <summary>Chooses a format.</summary>
    /// <param name="formatQuery">The <c>format</c> query value, if any; empty counts as absent.</param>
    /// <param name="acceptHeader">The Accept header, if any (several headers may be joined with commas).</param>
    /// <param name="supported">The formats this endpoint offers, in preference order; all three when null (the audit sample offers json and csv).</param>
    public static FormatNegotiation Negotiate(string? formatQuery, string? acceptHeader, IReadOnlyList<ReportFormat>? supported = null)
    {
        supported ??= AllFormats;
        if (supported.Count == 0)
        {
            throw new ArgumentException("At least one format must be supported.", nameof(supported));
        }

        string supportedList = string.Join(", ", supported.Select(NameOf));
        if (!string.IsNullOrWhiteSpace(formatQuery))
        {
            string wanted = formatQuery.Trim();
            foreach (ReportFormat format in supported)
            {
                if (string.Equals(NameOf(format), wanted, StringComparison.OrdinalIgnoreCase))
                {
                    return FormatNegotiation.Success(format);
                }
            }

            return FormatNegotiation.Failure($"Unknown format '{wanted}'. Supported formats: {supportedList}.", 400);
        }

        if (string.IsNullOrWhiteSpace(acceptHeader))
        {
            return FormatNegotiation.Success(supported[0]);
        }

        var ranges = ParseAccept(acceptHeader);
        if (ranges.Count == 0)
        {
            // Nothing parseable: a sloppy header should not cost the client its report.
            return FormatNegotiation.Success(supported[0]);
        }

        ReportFormat? best = null;
        (double Quality, int Specificity, int Position) bestScore = (0, -1, int.MaxValue);
        foreach (ReportFormat format in supported)
        {
            if (Score(format, ranges) is not { } score || score.Quality <= 0)
            {
                continue;
            }

            // Higher quality wins; then the more specific match ("text/html" beats "*/*"); then what the client listed first.
            bool better = best is null
                || score.Quality > bestScore.Quality
                || (score.Quality == bestScore.Quality && score.Specificity > bestScore.Specificity)
                || (score.Quality == bestScore.Quality && score.Specificity == bestScore.Specificity && score.Position < bestScore.Position);
            if (better)
            {
                best = format;
                bestScore = score;
            }
        }

        return best is { } chosen
            ? FormatNegotiation.Success(chosen)
            : FormatNegotiation.Failure(
                $"None of the media types in the Accept header can be produced. Supported: {string.Join(", ", supported.Select(MediaTypeOf))} (or ?format={string.Join("|", supported.Select(NameOf))}).",
                406);
    }

    private static string MediaTypeOf(ReportFormat format) => format switch
    {
        ReportFormat.Json => "application/json",
        ReportFormat.Html => "text/html",
        _ => "text/csv",
    };

    /// <summary>The quality of <paramref name="format"/> under the most specific matching range, or null if none matches.</summary>
    private static (double Quality, int Specificity, int Position)? Score(ReportFormat format, List<MediaRange> ranges)
    {
        string mediaType = MediaTypeOf(format);
        int slash = mediaType.IndexOf('/', StringComparison.Ordinal);
        string type = mediaType[..slash];
        string subtype = mediaType[(slash + 1)..];

        (double, int, int)? best = null;
        foreach (MediaRange range in ranges)
        {
            int specificity =
                range.Type == "*" && range.Subtype == "*" ? 0
                : string.Equals(range.Type, type, StringComparison.OrdinalIgnoreCase) && range.Subtype == "*" ? 1
                : string.Equals(range.Type, type, StringComparison.OrdinalIgnoreCase) && string.Equals(range.Subtype, subtype, StringComparison.OrdinalIgnoreCase) ? 2
                : -1;
            if (specificity >= 0 && (best is null || specificity > best.Value.Item2))
            {
                best = (range.Quality, specificity, range.Position);
            }
        }

        return best;
    }

    private static List<MediaRange> ParseAccept(string header)
    {
        var ranges = new List<MediaRange>();
        string[] items = header.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        for (int i = 0; i < items.Length; i++)
        {
            string[] parts = items[i].Split(';', StringSplitOptions.TrimEntries);
            string[] typeParts = parts[0].Split('/', StringSplitOptions.TrimEntries);
            if (typeParts.Length != 2 || typeParts[0].Length == 0 || typeParts[1].Length == 0 || (typeParts[0] == "*" && typeParts[1] != "*"))
            {
                continue;
            }

            double quality = 1;
            bool valid = true;
            foreach (string parameter in parts.Skip(1))
            {
                int eq = parameter.IndexOf('=', StringComparison.Ordinal);
                if (eq > 0 && string.Equals(parameter[..eq].Trim(), "q", StringComparison.OrdinalIgnoreCase))
                {
                    valid = double.TryParse(parameter[(eq + 1)..].Trim(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out quality)
                        && quality is >= 0 and <= 1;
                }
            }

            if (valid)
            {
                ranges.Add(new MediaRange(typeParts[0], typeParts[1], quality, i));
            }
        }

        return ranges;
    }

    private readonly record struct MediaRange(string Type, string Subtype, double Quality, int Position);
}
