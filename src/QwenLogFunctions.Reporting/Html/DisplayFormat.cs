using System.Globalization;

namespace QwenLogFunctions.Reporting.Html;

/// <summary>Human-facing number formatting of the HTML report: grouped thousands, fixed decimals, "–" for missing figures.</summary>
internal static class DisplayFormat
{
    /// <summary>Shown wherever a figure is undefined (no requests, no first-token latencies, ...).</summary>
    public const string Missing = "–";

    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    public static string Count(long value) => value.ToString("N0", Invariant);

    public static string Decimal(double? value, int decimals = 1) =>
        value is { } v ? v.ToString("N" + decimals.ToString(Invariant), Invariant) : Missing;

    public static string WithUnit(double? value, string unit, int decimals = 1) =>
        value is { } v ? Decimal(v, decimals) + " " + unit : Missing;

    public static string Percent(double? fraction, int decimals = 2) =>
        fraction is { } f ? (f * 100).ToString("N" + decimals.ToString(Invariant), Invariant) + "%" : Missing;

    /// <summary>A measured value or threshold of an alert: up to four decimals, no trailing zeros.</summary>
    public static string Measured(double? value, string? unit) =>
        value is { } v ? v.ToString("#,0.####", Invariant) + (string.IsNullOrEmpty(unit) ? string.Empty : " " + unit) : Missing;

    public static string Hour(DateTimeOffset? value) =>
        value is { } v ? v.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'", Invariant) : Missing;
}
