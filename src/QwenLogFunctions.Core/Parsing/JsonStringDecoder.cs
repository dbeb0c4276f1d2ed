using System.Buffers.Text;
using System.Text;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Unescapes the raw bytes of a JSON string (between the quotes, already validated by <see cref="JsonLineScanner"/>)
/// into UTF-8, reusing a caller-owned buffer: for the JSON check of an output, escaped property names and small strings.
/// The input and output are decoded to UTF-16 while they are scanned instead (<see cref="Utf16Text"/>).
/// </summary>
/// <remarks>
/// Why not <c>Utf8JsonReader.CopyString</c>: for escaped strings it unescapes into a pooled buffer and then clears
/// that buffer, and model outputs are full of "\n". Profiling the analyze path showed a third of all CPU time in that
/// clearing. Escapes are sparse, so copying the runs between them is far cheaper.
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
    /// The string whose raw bytes (between the quotes, escapes not resolved) are <paramref name="raw"/>, lone surrogate
    /// escapes as U+FFFD. The framework's readers throw <see cref="InvalidOperationException"/> on those instead (not
    /// a <see cref="System.Text.Json.JsonException"/>): one "\ud800" in a model name stopped a whole analysis.
    /// </summary>
    public static string ToText(ReadOnlySpan<byte> raw)
    {
        if (raw.IndexOf((byte)'\\') < 0)
        {
            return Encoding.UTF8.GetString(raw);
        }

        byte[] utf8 = new byte[raw.Length];
        int length = Unescape(raw, ref utf8);
        return Encoding.UTF8.GetString(utf8, 0, length);
    }

    private static int Hex4(ReadOnlySpan<byte> hex) =>
        Utf8Parser.TryParse(hex[..4], out ushort value, out int consumed, 'X') && consumed == 4 ? value : 0xFFFD;
}
