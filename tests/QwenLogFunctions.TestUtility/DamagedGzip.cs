namespace QwenLogFunctions.TestUtility;

/// <summary>
/// Damaged copies of a complete gzip file, as uploads and disks produce them: the fixtures of the shard-integrity
/// tests (issue 16). Every variant keeps the first half of the data intact.
/// </summary>
public static class DamagedGzip
{
    /// <summary>The variants by name: truncated, header_only, no_trailer, crc_flipped, length_flipped, corrupt_mid_stream.</summary>
    public static IReadOnlyList<string> Kinds { get; } = ["truncated", "header_only", "no_trailer", "crc_flipped", "length_flipped", "corrupt_mid_stream"];

    /// <summary>Makes one variant of <paramref name="gzip"/> (a complete single-member gzip file).</summary>
    public static byte[] Make(byte[] gzip, string kind)
    {
        ArgumentNullException.ThrowIfNull(gzip);
        var copy = (byte[])gzip.Clone();
        int middle = gzip.Length / 2;
        switch (kind)
        {
            case "truncated":
                return gzip[..middle];
            case "header_only":
                return gzip[..15];
            case "no_trailer":
                return gzip[..^8];
            case "crc_flipped":
                copy[^8] ^= 0xFF;
                return copy;
            case "length_flipped":
                copy[^1] ^= 0x01;
                return copy;
            case "corrupt_mid_stream":
                // 40 bytes overwritten with ones in the middle: damage zlib finds in the compressed structure (an invalid code).
                for (int i = middle; i < middle + 40; i++)
                {
                    copy[i] = 0xFF;
                }

                return copy;
            default:
                throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown variant");
        }
    }

    /// <summary>What the shard-level rejection of a variant starts with.</summary>
    public static string ExpectedReason(string kind) => kind switch
    {
        "truncated" or "header_only" or "no_trailer" => "shard is truncated: gzip stream ended after ",
        "crc_flipped" => "gzip CRC mismatch",
        "length_flipped" => "gzip length mismatch",
        "corrupt_mid_stream" => "corrupt gzip",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, "unknown variant"),
    };
}
