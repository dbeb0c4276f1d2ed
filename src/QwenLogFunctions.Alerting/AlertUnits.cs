using System.Globalization;

namespace QwenLogFunctions.Alerting;

/// <summary>Units of measured values and how they are shown to people.</summary>
public static class AlertUnits
{
    /// <summary>Milliseconds.</summary>
    public const string Milliseconds = "ms";

    /// <summary>Tokens per second.</summary>
    public const string TokensPerSecond = "tokens/s";

    /// <summary>A share between 0 and 1 (shown as a percentage).</summary>
    public const string Ratio = "ratio";

    /// <summary>A count of responses.</summary>
    public const string Responses = "responses";

    /// <summary>A count of shards.</summary>
    public const string Shards = "shards";

    /// <summary>Hours.</summary>
    public const string Hours = "hours";

    /// <summary>Formats a value in its unit, invariant culture: "12.5%", "2,345 ms", "87.3 tokens/s".</summary>
    public static string Format(double value, string unit) => unit switch
    {
        Ratio => (value * 100).ToString("0.##", CultureInfo.InvariantCulture) + "%",
        Milliseconds => value.ToString("#,0", CultureInfo.InvariantCulture) + " ms",
        Responses or Shards => value.ToString("0", CultureInfo.InvariantCulture),
        _ => value.ToString("0.#", CultureInfo.InvariantCulture) + " " + unit,
    };
}
