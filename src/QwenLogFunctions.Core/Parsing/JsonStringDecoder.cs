using System.Buffers;
using System.Buffers.Text;
using System.Text;
using System.Text.Unicode;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Decodes the raw bytes of a JSON string (between the quotes, already validated by <see cref="System.Text.Json.Utf8JsonReader"/>)
/// into unescaped UTF-8 and UTF-16, reusing caller-owned buffers.
/// </summary>
/// <remarks>
/// Why not <c>Utf8JsonReader.CopyString</c>: for escaped strings it unescapes into a pooled buffer and then clears
/// that buffer, and model outputs are full of "\n". Profiling the analyze path showed a third of all CPU time in that
/// clearing. Escapes are sparse, so copying the runs between them and transcoding once is far cheaper.
/// Lone surrogate escapes (\uD800 without its pair), which Python accepts, become U+FFFD.
/// </remarks>
internal static class JsonStringDecoder
{
    /// <summary>Unescapes <paramref name="raw"/> into <paramref name="utf8"/> (grown as needed); returns the byte count.</summary>
    public static int Unescape(ReadOnlySpan<byte> raw, ref byte[] utf8)
    {
        if (utf8.Length < raw.Length)
        {
            utf8 = new byte[Math.Max(raw.Length, utf8.Length * 2)];
        }

        var destination = utf8.AsSpan();
        int written = 0;
        while (true)
        {
            int backslash = raw.IndexOf((byte)'\\');
            if (backslash < 0)
            {
                raw.CopyTo(destination[written..]);
                return written + raw.Length;
            }

            raw[..backslash].CopyTo(destination[written..]);
            written += backslash;
            byte kind = raw[backslash + 1];
            raw = raw[(backslash + 2)..];
            switch (kind)
            {
                case (byte)'n': destination[written++] = (byte)'\n'; break;
                case (byte)'t': destination[written++] = (byte)'\t'; break;
                case (byte)'r': destination[written++] = (byte)'\r'; break;
                case (byte)'b': destination[written++] = (byte)'\b'; break;
                case (byte)'f': destination[written++] = (byte)'\f'; break;
                case (byte)'u':
                    int code = Hex4(raw);
                    raw = raw[4..];
                    if (char.IsHighSurrogate((char)code) && raw.Length >= 6 && raw[0] == (byte)'\\' && raw[1] == (byte)'u')
                    {
                        int low = Hex4(raw[2..]);
                        if (char.IsLowSurrogate((char)low))
                        {
                            code = char.ConvertToUtf32((char)code, (char)low);
                            raw = raw[6..];
                        }
                    }

                    var rune = Rune.IsValid(code) ? new Rune(code) : Rune.ReplacementChar;
                    written += rune.EncodeToUtf8(destination[written..]);
                    break;
                default: destination[written++] = kind; break; // \" \\ \/
            }
        }
    }

    /// <summary>
    /// Transcodes UTF-8 to UTF-16 into <paramref name="chars"/> (the char count in <paramref name="written"/>);
    /// false when the bytes are not valid UTF-8. Validating while transcoding spares a separate pass over the texts.
    /// </summary>
    public static bool TryToUtf16(ReadOnlySpan<byte> utf8, ref char[] chars, out int written)
    {
        if (chars.Length < utf8.Length)
        {
            chars = new char[Math.Max(utf8.Length, chars.Length * 2)];
        }

        return Utf8.ToUtf16(utf8, chars, out _, out written, replaceInvalidSequences: false) == OperationStatus.Done;
    }

    /// <summary>
    /// Resolves the escapes of <paramref name="raw"/> and transcodes it to UTF-16 in one pass: the runs between escapes
    /// are transcoded straight from the line, each escape written as its character. The same characters as
    /// <see cref="Unescape"/> followed by <see cref="TryToUtf16"/>, and false for the same inputs (an escape yields a whole
    /// character, so it can neither complete nor break a UTF-8 sequence around it); it spares writing and reading an
    /// unescaped copy of every text.
    /// </summary>
    public static bool TryUnescapeToUtf16(ReadOnlySpan<byte> raw, ref char[] chars, out int written)
    {
        // Never more characters than bytes: a byte gives at most one UTF-16 unit, an escape of 2–12 bytes at most two.
        if (chars.Length < raw.Length)
        {
            chars = new char[Math.Max(raw.Length, chars.Length * 2)];
        }

        var destination = chars.AsSpan();
        written = 0;
        while (true)
        {
            int backslash = raw.IndexOf((byte)'\\');
            var run = backslash < 0 ? raw : raw[..backslash];
            if (Utf8.ToUtf16(run, destination[written..], out _, out int runChars, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                return false;
            }

            written += runChars;
            if (backslash < 0)
            {
                return true;
            }

            byte kind = raw[backslash + 1];
            raw = raw[(backslash + 2)..];
            switch (kind)
            {
                case (byte)'n': destination[written++] = '\n'; break;
                case (byte)'t': destination[written++] = '\t'; break;
                case (byte)'r': destination[written++] = '\r'; break;
                case (byte)'b': destination[written++] = '\b'; break;
                case (byte)'f': destination[written++] = '\f'; break;
                case (byte)'u':
                    int code = Hex4(raw);
                    raw = raw[4..];
                    if (char.IsHighSurrogate((char)code) && raw.Length >= 6 && raw[0] == (byte)'\\' && raw[1] == (byte)'u')
                    {
                        int low = Hex4(raw[2..]);
                        if (char.IsLowSurrogate((char)low))
                        {
                            code = char.ConvertToUtf32((char)code, (char)low);
                            raw = raw[6..];
                        }
                    }

                    var rune = Rune.IsValid(code) ? new Rune(code) : Rune.ReplacementChar;
                    written += rune.EncodeToUtf16(destination[written..]);
                    break;
                default: destination[written++] = (char)kind; break; // \" \\ \/
            }
        }
    }

    private static int Hex4(ReadOnlySpan<byte> hex) =>
        Utf8Parser.TryParse(hex[..4], out ushort value, out int consumed, 'X') && consumed == 4 ? value : 0xFFFD;
}
