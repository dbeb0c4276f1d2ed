using System.Globalization;

namespace QwenLogFunctions.Storage.Tables;

/// <summary>
/// The names the tables share between the code that writes them and the code that reads them: columns used in more
/// than one file, the row kinds of the partials and hourly tables, and the monthly table suffix. A column read and
/// written in one file only (a ledger's, an alert's) is named there, beside its one entity mapping.
/// </summary>
internal static class TableSchema
{
    /// <summary>Suffix format of the monthly requests and rejects tables, and partition of the hourly table: yyyyMM (UTC).</summary>
    public const string MonthFormat = "yyyyMM";

    /// <summary>Model or device of a request whose line names none (as the parser reports it).</summary>
    public const string Unknown = "unknown";

    /// <summary>Which kind of row a partials or hourly row is: <see cref="HourRow"/>, <see cref="ShardRow"/> or <see cref="CombinationRow"/>.</summary>
    public const string Kind = "Kind";

    /// <summary>Kind of the hourly table's header row of one hour.</summary>
    public const string HourRow = "hour";

    /// <summary>Kind of the partials table's header row of one shard's hour.</summary>
    public const string ShardRow = "shard";

    /// <summary>Kind of a (model, device) statistics row, in the partials and hourly tables.</summary>
    public const string CombinationRow = "combo";

    // Columns shared by several tables or files.
    public const string Model = "Model";
    public const string Device = "Device";
    public const string Requests = "Requests";
    public const string Stats = "Stats";
    public const string MaxEmptyRun = "MaxEmptyRun";
    public const string RowsNotKept = "RowsNotKept";
    public const string EmptyRunFirstAt = "EmptyRunFirstAt";
    public const string EmptyRunLastAt = "EmptyRunLastAt";
    public const string LastRequestAt = "LastRequestAt";
    public const string ShardKeys = "ShardKeys";
    public const string Shard = "Shard";
    public const string ShardName = "ShardName";
    public const string Line = "Line";
    public const string RequestId = "RequestId";
    public const string RequestTime = "RequestTime";
    public const string FlagNames = "FlagNames";
    public const string InputPreview = "InputPreview";
    public const string OutputPreview = "OutputPreview";

    /// <summary>The yyyyMM key of the UTC month of <paramref name="time"/>.</summary>
    public static string MonthKey(DateTimeOffset time) => time.UtcDateTime.ToString(MonthFormat, CultureInfo.InvariantCulture);

    /// <summary>Parses a yyyyMM key; false for anything else.</summary>
    public static bool TryParseMonthKey(string key, out DateTimeOffset month)
    {
        if (key.Length == MonthFormat.Length
            && DateTime.TryParseExact(key, MonthFormat, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var value))
        {
            month = new DateTimeOffset(value, TimeSpan.Zero);
            return true;
        }

        month = default;
        return false;
    }
}
