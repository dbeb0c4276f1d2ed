using System.Globalization;

namespace QwenLogFunctions.Reporting;

/// <summary>Culture-invariant number and time formatting shared by the renderers, so output never depends on the host's locale.</summary>
internal static class Formatting
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Shortest round-trippable form ("1234.5", "0.01"): what machine-readable outputs carry.</summary>
    public static string Number(double value) => value.ToString("R", Invariant);

    /// <summary>Machine-readable form of an optional number; empty for null.</summary>
    public static string Number(double? value) => value is { } v ? Number(v) : string.Empty;

    /// <summary>Integer in invariant form ("12345").</summary>
    public static string Number(long value) => value.ToString(Invariant);

    /// <summary>UTC ISO 8601 with a Z, the same as the JSON report ("2025-01-01T03:00:00Z").</summary>
    public static string UtcIso(DateTimeOffset value) =>
        value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", Invariant);
}
