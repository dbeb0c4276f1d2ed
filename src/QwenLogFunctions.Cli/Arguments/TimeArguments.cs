using System.CommandLine.Parsing;
using System.Globalization;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Cli.Arguments;

/// <summary>
/// ISO 8601 times on the command line: UTC unless an offset is given, as GET /api/report reads them, and inside
/// <see cref="SupportedTimes"/> (2000-01-01 to 2100-01-01) like every time the HTTP API accepts.
/// </summary>
internal static class TimeArguments
{
    /// <summary>Formats a time as the reports do: "2025-01-01T00:00:00Z".</summary>
    public static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>A System.CommandLine parser for an optional time option; a bad or unsupported value is a parse error naming the option.</summary>
    public static DateTimeOffset? Parse(ArgumentResult result)
    {
        ArgumentNullException.ThrowIfNull(result);
        if (result.Tokens.Count == 0)
        {
            return null;
        }

        string text = result.Tokens[0].Value;
        string option = result.Parent is OptionResult parent ? parent.Option.Name : "time";
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            result.AddError($"{option} '{text}' is not an ISO 8601 time; use e.g. 2025-01-15T10:00:00Z");
            return null;
        }

        if (SupportedTimes.Check(option, time) is { } error)
        {
            result.AddError(error.TrimEnd('.'));
            return null;
        }

        return time;
    }
}
