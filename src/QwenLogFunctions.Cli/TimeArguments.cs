using System.CommandLine.Parsing;
using System.Globalization;

namespace QwenLogFunctions.Cli;

/// <summary>ISO 8601 times on the command line: UTC unless an offset is given, as GET /api/report reads them.</summary>
internal static class TimeArguments
{
    /// <summary>Formats a time as the reports do: "2025-01-01T00:00:00Z".</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A System.CommandLine parser for an optional time option; a bad value is a parse error naming the option.</summary>
    public static DateTimeOffset? Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string text = result.Tokens[0].Value;
        if (DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            return time;
        }

        string option = result.Parent is OptionResult parent ? parent.Option.Name : "time";
        result.AddError($"{option} '{text}' is not an ISO 8601 time; use e.g. 2025-01-15T10:00:00Z");
        return null;
    }
}
