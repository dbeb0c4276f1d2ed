using System.Buffers;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Whether text is one JSON document as Python's <c>json.loads</c> decides for the article's malformed_json check:
/// JSON whitespace around the value, nothing after it, scalars allowed at top level, the non-standard literals
/// NaN, Infinity and -Infinity accepted anywhere a value may stand, control characters refused inside strings.
/// </summary>
/// <remarks>
/// A hand-written validator rather than <see cref="System.Text.Json.Utf8JsonReader"/>: the reader reports invalid
/// input by throwing, and with malformed outputs in every shard those exceptions cost more than the whole check.
/// It also lets the grammar follow Python's decoder exactly (NaN, Infinity) instead of RFC 8259.
/// </remarks>
public static class JsonValidity
{
    private const int MaxDepth = 1000;

    /// <summary>Whether the UTF-8 text is one valid JSON value (Python semantics).</summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8)
    {
        int i = SkipWhitespace(utf8, 0);
        if (!Value(utf8, ref i, 0))
        {
            return false;
        }

        return SkipWhitespace(utf8, i) == utf8.Length;
    }

    private static bool Value(ReadOnlySpan<byte> s, ref int i, int depth)
    {
        if (i >= s.Length || depth > MaxDepth)
        {
            return false;
        }

        switch (s[i])
        {
            case (byte)'{':
                return Object(s, ref i, depth);
            case (byte)'[':
                return Array(s, ref i, depth);
            case (byte)'"':
                return String(s, ref i);
            case (byte)'t':
                return Literal(s, ref i, "true"u8);
            case (byte)'f':
                return Literal(s, ref i, "false"u8);
            case (byte)'n':
                return Literal(s, ref i, "null"u8);
            case (byte)'N':
                return Literal(s, ref i, "NaN"u8);
            case (byte)'I':
                return Literal(s, ref i, "Infinity"u8);
            case (byte)'-' when i + 1 < s.Length && s[i + 1] == (byte)'I':
                return Literal(s, ref i, "-Infinity"u8);
            default:
                return Number(s, ref i);
        }
    }

    private static bool Object(ReadOnlySpan<byte> s, ref int i, int depth)
    {
        i = SkipWhitespace(s, i + 1);
        if (i < s.Length && s[i] == (byte)'}')
        {
            i++;
            return true;
        }

        while (true)
        {
            if (i >= s.Length || s[i] != (byte)'"' || !String(s, ref i))
            {
                return false;
            }

            i = SkipWhitespace(s, i);
            if (i >= s.Length || s[i] != (byte)':')
            {
                return false;
            }

            i = SkipWhitespace(s, i + 1);
            if (!Value(s, ref i, depth + 1))
            {
                return false;
            }

            i = SkipWhitespace(s, i);
            if (i >= s.Length)
            {
                return false;
            }

            if (s[i] == (byte)'}')
            {
                i++;
                return true;
            }

            if (s[i] != (byte)',')
            {
                return false;
            }

            i = SkipWhitespace(s, i + 1);
        }
    }

    private static bool Array(ReadOnlySpan<byte> s, ref int i, int depth)
    {
        i = SkipWhitespace(s, i + 1);
        if (i < s.Length && s[i] == (byte)']')
        {
            i++;
            return true;
        }

        while (true)
        {
            if (!Value(s, ref i, depth + 1))
            {
                return false;
            }

            i = SkipWhitespace(s, i);
            if (i >= s.Length)
            {
                return false;
            }

            if (s[i] == (byte)']')
            {
                i++;
                return true;
            }

            if (s[i] != (byte)',')
            {
                return false;
            }

            i = SkipWhitespace(s, i + 1);
        }
    }

    private static bool String(ReadOnlySpan<byte> s, ref int i)
    {
        i++; // opening quote
        while (true)
        {
            int stop = Parsing.JsonStringStops.IndexOf(s[i..]);
            if (stop < 0)
            {
                return false;
            }

            i += stop;
            byte c = s[i];
            if (c == (byte)'"')
            {
                i++;
                return true;
            }

            if (c != (byte)'\\' || i + 1 >= s.Length)
            {
                return false; // a raw control character, or a backslash at the very end
            }

            byte escape = s[i + 1];
            if (escape == (byte)'u')
            {
                if (i + 6 > s.Length || !IsHex(s[i + 2]) || !IsHex(s[i + 3]) || !IsHex(s[i + 4]) || !IsHex(s[i + 5]))
                {
                    return false;
                }

                i += 6;
            }
            else if (escape is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
            {
                i += 2;
            }
            else
            {
                return false;
            }
        }
    }

    // Python's NUMBER_RE: -?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][-+]?[0-9]+)?
    private static bool Number(ReadOnlySpan<byte> s, ref int i)
    {
        int start = i;
        if (i < s.Length && s[i] == (byte)'-')
        {
            i++;
        }

        if (i >= s.Length || !IsDigit(s[i]))
        {
            return false;
        }

        if (s[i] == (byte)'0')
        {
            i++;
        }
        else
        {
            i = Digits(s, i);
        }

        if (i + 1 < s.Length && s[i] == (byte)'.' && IsDigit(s[i + 1]))
        {
            i = Digits(s, i + 1);
        }

        if (i < s.Length && (s[i] | 0x20) == (byte)'e')
        {
            int exponent = i + 1;
            if (exponent < s.Length && s[exponent] is (byte)'+' or (byte)'-')
            {
                exponent++;
            }

            if (exponent < s.Length && IsDigit(s[exponent]))
            {
                i = Digits(s, exponent);
            }
        }

        return i > start;
    }

    private static bool Literal(ReadOnlySpan<byte> s, ref int i, ReadOnlySpan<byte> literal)
    {
        if (!s[i..].StartsWith(literal))
        {
            return false;
        }

        i += literal.Length;
        return true;
    }

    private static int Digits(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && IsDigit(s[i]))
        {
            i++;
        }

        return i;
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> s, int i)
    {
        while (i < s.Length && s[i] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            i++;
        }

        return i;
    }

    private static bool IsDigit(byte b) => (uint)(b - '0') <= 9;

    private static bool IsHex(byte b) => IsDigit(b) || (uint)((b | 0x20) - 'a') <= 5;
}
