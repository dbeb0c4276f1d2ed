using System.Buffers;
using System.Text;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Folds the ways one phrase can be written differently into one form before the detectors' grammars look at it:
/// Unicode NFKC (full-width ｉｇｎｏｒｅ → ignore, ligatures, compatibility forms), lower case, curly quotes and
/// apostrophes to straight ones, zero-width and soft-hyphen characters removed, runs of whitespace to one space and
/// runs of one emphasis mark to one ("!!!" → "!", "？？" → "？").
/// </summary>
/// <remarks>
/// Full-width punctuation becomes ASCII under NFKC too (，→ , 。stays 。), so Chinese grammars match both forms.
/// Text that needs none of this (the common case) is only lower-cased.
/// </remarks>
public static class TextNormalizer
{
    // Characters that NFKC changes in the texts we see, plus the invisible ones: finding none means NFKC can be skipped.
    private static readonly SearchValues<char> NeedsCompatibilityFolding = SearchValues.Create(
        "\u00A0\u00AD\u180E\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009\u200A\u200B\u200C\u200D\u200E\u200F" +
        "\u2028\u2029\u202F\u205F\u2060\u2061\u2062\u2063\u2064\u3000\uFEFF" +
        "\uFF01\uFF02\uFF03\uFF04\uFF05\uFF06\uFF07\uFF08\uFF09\uFF0A\uFF0B\uFF0C\uFF0D\uFF0E\uFF0F" +
        "\uFF10\uFF11\uFF12\uFF13\uFF14\uFF15\uFF16\uFF17\uFF18\uFF19\uFF1A\uFF1B\uFF1C\uFF1D\uFF1E\uFF1F" +
        "\uFF20\uFF21\uFF22\uFF23\uFF24\uFF25\uFF26\uFF27\uFF28\uFF29\uFF2A\uFF2B\uFF2C\uFF2D\uFF2E\uFF2F" +
        "\uFF30\uFF31\uFF32\uFF33\uFF34\uFF35\uFF36\uFF37\uFF38\uFF39\uFF3A\uFF3B\uFF3C\uFF3D\uFF3E\uFF3F" +
        "\uFF40\uFF41\uFF42\uFF43\uFF44\uFF45\uFF46\uFF47\uFF48\uFF49\uFF4A\uFF4B\uFF4C\uFF4D\uFF4E\uFF4F" +
        "\uFF50\uFF51\uFF52\uFF53\uFF54\uFF55\uFF56\uFF57\uFF58\uFF59\uFF5A\uFF5B\uFF5C\uFF5D\uFF5E" +
        "\uFB00\uFB01\uFB02\uFB03\uFB04");

    /// <summary>Whether <paramref name="text"/> holds characters that only NFKC or invisible-character removal can fold.</summary>
    public static bool NeedsFolding(ReadOnlySpan<char> text) => text.ContainsAny(NeedsCompatibilityFolding);

    /// <summary>The normalized form of <paramref name="text"/>.</summary>
    public static string Normalize(ReadOnlySpan<char> text)
    {
        string folded;
        if (NeedsFolding(text))
        {
            // Invalid UTF-16 (a lone surrogate) makes string.Normalize throw: replace those first.
            string source = ReplaceLoneSurrogates(text);
            try
            {
                folded = source.Normalize(NormalizationForm.FormKC);
            }
            catch (ArgumentException)
            {
                folded = source;
            }
        }
        else
        {
            folded = text.ToString();
        }

        var builder = new StringBuilder(folded.Length);
        char previous = '\0';
        foreach (char raw in folded)
        {
            char c = Fold(raw);
            if (c == '\0')
            {
                continue; // invisible
            }

            if (char.IsWhiteSpace(c))
            {
                if (c == '\n' || previous == '\n')
                {
                    // Keep line breaks (turn structure matters for fake conversation turns), collapse the rest.
                    if (previous == ' ' && builder.Length > 0)
                    {
                        builder.Length--;
                    }

                    if (previous != '\n')
                    {
                        builder.Append('\n');
                        previous = '\n';
                    }

                    continue;
                }

                if (previous == ' ')
                {
                    continue;
                }

                c = ' ';
            }
            else if (c == previous && c is '!' or '?' or ',' or '~' or '！' or '？' or '，' or '。')
            {
                continue; // "!!!" → "!"; other runs carry structure ("###", "----", "...")
            }

            builder.Append(c);
            previous = c;
        }

        return builder.ToString();
    }

    private static char Fold(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u0060' or '\u00B4' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => '"',
        '\u200B' or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\u2060' or '\u2061' or '\u2062' or '\u2063' or '\u2064' or '\uFEFF' or '\u00AD' or '\u180E' => '\0',
        '\r' => '\n',
        '\t' or '\u00A0' or '\u3000' => ' ',
        _ => char.ToLowerInvariant(c),
    };

    private static string ReplaceLoneSurrogates(ReadOnlySpan<char> text)
    {
        var chars = text.ToArray();
        for (int i = 0; i < chars.Length; i++)
        {
            if (char.IsHighSurrogate(chars[i]) && i + 1 < chars.Length && char.IsLowSurrogate(chars[i + 1]))
            {
                i++;
            }
            else if (char.IsSurrogate(chars[i]))
            {
                chars[i] = '\uFFFD';
            }
        }

        return new string(chars);
    }
}
