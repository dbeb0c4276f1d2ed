using System.Buffers;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Whitespace exactly as Python's <c>str.strip()</c> and <c>str.isspace()</c> see it, so "empty after trimming"
/// means the same here as in the article's script (<c>if not output.strip()</c>). It differs from
/// <see cref="char.IsWhiteSpace(char)"/>: Python also treats U+001C–U+001F as whitespace.
/// </summary>
public static class PythonWhitespace
{
    private static readonly SearchValues<char> Whitespace = SearchValues.Create(
        "\t\n\u000B\u000C\r\u001C\u001D\u001E\u001F \u0085\u00A0\u1680" +
        "\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u2028\u2029\u202F\u205F\u3000");

    /// <summary>Whether <paramref name="c"/> is whitespace to Python.</summary>
    public static bool IsWhiteSpace(char c) => Whitespace.Contains(c);

    /// <summary>Whether the text is empty or whitespace-only, as <c>not text.strip()</c> in Python.</summary>
    public static bool IsBlank(ReadOnlySpan<char> text) => text.IndexOfAnyExcept(Whitespace) < 0;
}
