using System.Buffers.Text;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Finds and rewrites JSON escapes of lone surrogates ("\ud800" without its low half, "\udc00" alone) as "\ufffd", in
/// place (the same six bytes), so that the framework's JSON readers can be used on lines that hold them.
/// </summary>
/// <remarks>
/// Such escapes are valid JSON: JavaScript's JSON.stringify writes one for a string cut inside a surrogate pair (an
/// emoji), and Python's json module reads and writes them. The
/// framework parses them but throws <see cref="InvalidOperationException"/> (not a <c>JsonException</c>) as soon as
/// such a string is decoded or compared: a property lookup, <c>ValueEquals</c>, <c>GetString</c>. One in a LiteLLM
/// message's role or a tool call's name stopped the whole analysis. Rewritten first, they read as U+FFFD, as the
/// article parser's own decoder (<see cref="JsonStringDecoder"/>) reads them; nothing else changes, and positions in
/// the line stay where they were for error messages.
/// </remarks>
internal static class LoneSurrogateEscapes
{
    /// <summary>Whether <paramref name="json"/> holds a lone surrogate escape.</summary>
    public static bool Any(ReadOnlySpan<byte> json) => Next(json, 0) >= 0;

    /// <summary>Rewrites every lone surrogate escape in <paramref name="json"/> as "\ufffd"; returns how many there were.</summary>
    public static int Replace(Span<byte> json)
    {
        int count = 0;
        for (int at = Next(json, 0); at >= 0; at = Next(json, at + 6))
        {
            "fffd"u8.CopyTo(json.Slice(at + 2, 4));
            count++;
        }

        return count;
    }

    // The backslash of the first lone surrogate escape at or after `from`, or -1. A backslash preceded by an odd run of
    // backslashes is itself escaped ("\\ud800" is a backslash and text), whether inside a string or not (outside one,
    // a backslash is an error the parser reports anyway).
    private static int Next(ReadOnlySpan<byte> json, int from)
    {
        // Nearly every line has no surrogate escape at all: two vector passes say so. Without them, a line written with
        // every Chinese character escaped ("\u4f60", ensure_ascii in Python) stopped at each of its escapes.
        if (from == 0 && json.IndexOf("\\ud"u8) < 0 && json.IndexOf("\\uD"u8) < 0)
        {
            return -1;
        }

        while (from < json.Length)
        {
            int found = json[from..].IndexOf("\\u"u8);
            if (found < 0)
            {
                return -1;
            }

            int at = from + found;
            int backslashes = 0;
            while (at - backslashes - 1 >= 0 && json[at - backslashes - 1] == (byte)'\\')
            {
                backslashes++;
            }

            if (backslashes % 2 == 1 || !TryHex4(json, at + 2, out int code) || !char.IsSurrogate((char)code))
            {
                from = at + 2;
                continue;
            }

            if (char.IsHighSurrogate((char)code)
                && at + 12 <= json.Length && json[at + 6] == (byte)'\\' && json[at + 7] == (byte)'u'
                && TryHex4(json, at + 8, out int low) && char.IsLowSurrogate((char)low))
            {
                from = at + 12; // a pair
                continue;
            }

            return at;
        }

        return -1;
    }

    private static bool TryHex4(ReadOnlySpan<byte> json, int at, out int code)
    {
        if (at + 4 <= json.Length && Utf8Parser.TryParse(json.Slice(at, 4), out ushort value, out int consumed, 'X') && consumed == 4)
        {
            code = value;
            return true;
        }

        code = 0;
        return false;
    }
}
