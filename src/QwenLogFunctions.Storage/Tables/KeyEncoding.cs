using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace QwenLogFunctions.Storage.Tables;

/// <summary>
/// Turns arbitrary strings (shard names, models, devices) into valid, collision-free Table Storage key parts,
/// and epoch hours into sortable hour keys. The reasoning is in docs/pipeline.md ("Keys").
/// </summary>
internal static class KeyEncoding
{
    /// <summary>Escaped values longer than this are replaced by their hash form, keeping keys well under 1 KiB.</summary>
    public const int MaxEscapedLength = 200;

    /// <summary>Length of a shard key (hex characters of the name's SHA-256).</summary>
    public const int ShardKeyLength = 20;

    /// <summary>
    /// Reversible escape: every UTF-16 unit that keys refuse (<c>/ \ # ?</c>, control characters U+0000–U+001F and
    /// U+007F–U+009F, lone surrogates) and our own <c>%</c> and separator <c>|</c> become <c>%XXXX</c> (4 upper-case hex
    /// digits). Because <c>%</c> itself is escaped, decoding is unambiguous, so two different values never escape alike.
    /// Values whose escape exceeds <see cref="MaxEscapedLength"/> become <c>%h</c> + SHA-256 hex: <c>h</c> is not an
    /// upper-case hex digit, so that form can never equal an escaped one, and within it only a SHA-256 collision could clash.
    /// </summary>
    public static string Escape(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        var builder = new StringBuilder(value.Length + 8);
        for (int i = 0; i < value.Length; i++)
        {
            char c = value[i];
            bool loneSurrogate = char.IsSurrogate(c) &&
                !(char.IsHighSurrogate(c) && i + 1 < value.Length && char.IsLowSurrogate(value[i + 1])) &&
                !(char.IsLowSurrogate(c) && i > 0 && char.IsHighSurrogate(value[i - 1]));
            if (c is '/' or '\\' or '#' or '?' or '%' or '|' || c <= '\u001F' || c is >= '\u007F' and <= '\u009F' || loneSurrogate)
            {
                builder.Append('%').Append(((int)c).ToString("X4", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }

            if (builder.Length > MaxEscapedLength)
            {
                return "%h" + Sha256Hex(value);
            }
        }

        return builder.ToString();
    }

    /// <summary>
    /// The fixed-length key of a shard: the first 20 hex digits (80 bits) of the SHA-256 of its name. Fixed length keeps
    /// row-key prefixes unambiguous (no shard key is a prefix of another); the ledger keeps the full name and ingestion
    /// refuses a shard whose key is already held by a different name, so a collision fails loudly instead of mixing data.
    /// </summary>
    public static string ShardKey(string shardName) => Sha256Hex(shardName)[..ShardKeyLength];

    /// <summary>Length of an hour key (yyyyMMddHH), the prefix of every hourly row key.</summary>
    public const int HourKeyLength = 10;

    /// <summary>The sortable key of the UTC hour starting at <paramref name="hourStartSeconds"/>: yyyyMMddHH.</summary>
    public static string HourKey(long hourStartSeconds) =>
        DateTimeOffset.FromUnixTimeSeconds(hourStartSeconds).UtcDateTime.ToString("yyyyMMddHH", CultureInfo.InvariantCulture);

    /// <summary>The hour key of a time (truncated to its hour).</summary>
    public static string HourKey(DateTimeOffset time) => HourKey(TruncateToHour(time).ToUnixTimeSeconds());

    /// <summary>Parses an hour key back to the hour's start.</summary>
    public static DateTimeOffset ParseHourKey(string hourKey) =>
        new(DateTime.ParseExact(hourKey, "yyyyMMddHH", CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal), TimeSpan.Zero);

    /// <summary>The period (yyyyMM) of an hour key: which monthly table holds its rows.</summary>
    public static string MonthOf(string hourKey) => hourKey[..6];

    /// <summary>The start of the UTC hour containing <paramref name="time"/>.</summary>
    public static DateTimeOffset TruncateToHour(DateTimeOffset time)
    {
        var utc = time.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    /// <summary>
    /// Row key of a line: shard key, a dash, the line number zero-padded so rows sort in line order. The second and later
    /// requests of one line (OTLP spans) add ".{index}": still between the shard's bounds, sorted after the line's first.
    /// </summary>
    public static string LineRowKey(string shardKey, long lineNumber, int recordIndex = 0) =>
        recordIndex == 0
            ? shardKey + "-" + lineNumber.ToString("D10", CultureInfo.InvariantCulture)
            : shardKey + "-" + lineNumber.ToString("D10", CultureInfo.InvariantCulture) + "." + recordIndex.ToString("D5", CultureInfo.InvariantCulture);

    /// <summary>Lower bound (inclusive) of a shard's line row keys.</summary>
    public static string ShardRowKeyStart(string shardKey) => shardKey + "-";

    /// <summary>Upper bound (exclusive) of a shard's line row keys: '.' follows '-' in ordinal order.</summary>
    public static string ShardRowKeyEnd(string shardKey) => shardKey + ".";

    private static string Sha256Hex(string value) =>
        Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(value)));
}
