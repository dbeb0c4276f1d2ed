using System.Globalization;

namespace QwenLogFunctions.Core.Reports;

/// <summary>
/// The times the product works with: [2000-01-01, 2100-01-01] UTC, the same window the parser accepts for request
/// timestamps. Every time a user gives (query parameters, CLI options) is checked against it before any arithmetic,
/// so no hour rounding or "one hour later" can step past <see cref="DateTimeOffset.MaxValue"/>, and a range that
/// cannot hold a single accepted request is refused with a message instead of being searched.
/// </summary>
public static class SupportedTimes
{
    /// <summary>2000-01-01T00:00:00Z, the earliest accepted request timestamp.</summary>
    public static readonly DateTimeOffset Earliest = new(2000, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>2100-01-01T00:00:00Z: request timestamps are before it; as the exclusive end of a range it is allowed.</summary>
    public static readonly DateTimeOffset Latest = new(2100, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Earliest as epoch seconds.</summary>
    public const double EarliestEpochSeconds = 946_684_800;

    /// <summary>Latest as epoch seconds.</summary>
    public const double LatestEpochSeconds = 4_102_444_800;

    /// <summary>The supported window as text for messages: "2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z".</summary>
    public static string Description => $"{Format(Earliest)} to {Format(Latest)}";

    /// <summary>Whether a time is inside [Earliest, Latest].</summary>
    public static bool Contains(DateTimeOffset time) => time >= Earliest && time <= Latest;

    /// <summary>Null when <paramref name="time"/> is supported, else a message naming <paramref name="name"/> and the window.</summary>
    public static string? Check(string name, DateTimeOffset time) =>
        Contains(time) ? null : $"{name} ({Format(time)}) is outside the supported times {Description}.";

    private static string Format(DateTimeOffset time) =>
        time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
