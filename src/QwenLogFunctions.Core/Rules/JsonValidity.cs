using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

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
    public static bool IsValid(ReadOnlySpan<byte> utf8) => IsValid<byte>(utf8);

    /// <summary>
    /// Whether the text is one valid JSON value (Python semantics). The same answer as for its UTF-8 encoding: every
    /// token outside strings is ASCII, and inside strings any character other than the quote, a backslash or a control
    /// character is content.
    /// </summary>
    public static bool IsValid(ReadOnlySpan<char> text) => IsValid(MemoryMarshal.Cast<char, ushort>(text));

    // One grammar for UTF-8 bytes and UTF-16 code units (T is byte or ushort; the compiler makes a copy for each).
    private static bool IsValid<T>(ReadOnlySpan<T> s)
        where T : unmanaged, IBinaryInteger<T>
    {
        int i = SkipWhitespace(s, 0);
        if (!Value(s, ref i, 0))
        {
            return false;
        }

        return SkipWhitespace(s, i) == s.Length;
    }

    private static bool Value<T>(ReadOnlySpan<T> s, ref int i, int depth)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (i >= s.Length || depth > MaxDepth)
        {
            return false;
        }

        switch (At(s, i))
        {
            case '{':
                return Object(s, ref i, depth);
            case '[':
                return Array(s, ref i, depth);
            case '"':
                return String(s, ref i);
            case 't':
                return Literal(s, ref i, "true"u8);
            case 'f':
                return Literal(s, ref i, "false"u8);
            case 'n':
                return Literal(s, ref i, "null"u8);
            case 'N':
                return Literal(s, ref i, "NaN"u8);
            case 'I':
                return Literal(s, ref i, "Infinity"u8);
            case '-' when i + 1 < s.Length && At(s, i + 1) == 'I':
                return Literal(s, ref i, "-Infinity"u8);
            default:
                return Number(s, ref i);
        }
    }

    private static bool Object<T>(ReadOnlySpan<T> s, ref int i, int depth)
        where T : unmanaged, IBinaryInteger<T>
    {
        i = SkipWhitespace(s, i + 1);
        if (i < s.Length && At(s, i) == '}')
        {
            i++;
            return true;
        }

        while (true)
        {
            if (i >= s.Length || At(s, i) != '"' || !String(s, ref i))
            {
                return false;
            }

            i = SkipWhitespace(s, i);
            if (i >= s.Length || At(s, i) != ':')
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

            if (At(s, i) == '}')
            {
                i++;
                return true;
            }

            if (At(s, i) != ',')
            {
                return false;
            }

            i = SkipWhitespace(s, i + 1);
        }
    }

    private static bool Array<T>(ReadOnlySpan<T> s, ref int i, int depth)
        where T : unmanaged, IBinaryInteger<T>
    {
        i = SkipWhitespace(s, i + 1);
        if (i < s.Length && At(s, i) == ']')
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

            if (At(s, i) == ']')
            {
                i++;
                return true;
            }

            if (At(s, i) != ',')
            {
                return false;
            }

            i = SkipWhitespace(s, i + 1);
        }
    }

    private static bool String<T>(ReadOnlySpan<T> s, ref int i)
        where T : unmanaged, IBinaryInteger<T>
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
            uint c = At(s, i);
            if (c == '"')
            {
                i++;
                return true;
            }

            if (c != '\\' || i + 1 >= s.Length)
            {
                return false; // a raw control character, or a backslash at the very end
            }

            uint escape = At(s, i + 1);
            if (escape == 'u')
            {
                if (i + 6 > s.Length || !IsHex(At(s, i + 2)) || !IsHex(At(s, i + 3)) || !IsHex(At(s, i + 4)) || !IsHex(At(s, i + 5)))
                {
                    return false;
                }

                i += 6;
            }
            else if (escape is '"' or '\\' or '/' or 'b' or 'f' or 'n' or 'r' or 't')
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
    private static bool Number<T>(ReadOnlySpan<T> s, ref int i)
        where T : unmanaged, IBinaryInteger<T>
    {
        int start = i;
        if (i < s.Length && At(s, i) == '-')
        {
            i++;
        }

        if (i >= s.Length || !IsDigit(At(s, i)))
        {
            return false;
        }

        if (At(s, i) == '0')
        {
            i++;
        }
        else
        {
            i = Digits(s, i);
        }

        if (i + 1 < s.Length && At(s, i) == '.' && IsDigit(At(s, i + 1)))
        {
            i = Digits(s, i + 1);
        }

        if (i < s.Length && (At(s, i) | 0x20) == 'e')
        {
            int exponent = i + 1;
            if (exponent < s.Length && At(s, exponent) is '+' or '-')
            {
                exponent++;
            }

            if (exponent < s.Length && IsDigit(At(s, exponent)))
            {
                i = Digits(s, exponent);
            }
        }

        return i > start;
    }

    private static bool Literal<T>(ReadOnlySpan<T> s, ref int i, ReadOnlySpan<byte> literal)
        where T : unmanaged, IBinaryInteger<T>
    {
        if (s.Length - i < literal.Length)
        {
            return false;
        }

        for (int k = 0; k < literal.Length; k++)
        {
            if (At(s, i + k) != literal[k])
            {
                return false;
            }
        }

        i += literal.Length;
        return true;
    }

    private static int Digits<T>(ReadOnlySpan<T> s, int i)
        where T : unmanaged, IBinaryInteger<T>
    {
        while (i < s.Length && IsDigit(At(s, i)))
        {
            i++;
        }

        return i;
    }

    private static int SkipWhitespace<T>(ReadOnlySpan<T> s, int i)
        where T : unmanaged, IBinaryInteger<T>
    {
        while (i < s.Length && At(s, i) is ' ' or '\t' or '\n' or '\r')
        {
            i++;
        }

        return i;
    }

    // The unit at i as a number, so one comparison with a character serves both widths.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static uint At<T>(ReadOnlySpan<T> s, int i)
        where T : unmanaged, IBinaryInteger<T> => uint.CreateTruncating(s[i]);

    private static bool IsDigit(uint c) => c - '0' <= 9;

    private static bool IsHex(uint c) => IsDigit(c) || ((c | 0x20) - 'a') <= 5;
}
