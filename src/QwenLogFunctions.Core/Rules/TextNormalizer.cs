using System.Buffers;
using System.Diagnostics.CodeAnalysis;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
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
    /// <remarks>
    /// The set (<see cref="NeedsCompatibilityFolding"/>, kept as the definition and for processors without 256-bit
    /// vectors) is tested as its ranges and single characters, 16 characters a step: the framework's search for a set
    /// of characters outside ASCII is a probabilistic map, whose filter passes most Chinese characters and then checks
    /// each one, 6 instructions a character on Chinese prompts (1.9% of one thread on prompts of the seed article).
    /// </remarks>
    public static bool NeedsFolding(ReadOnlySpan<char> text)
    {
        if (!Vector256.IsHardwareAccelerated || text.Length < Vector256<ushort>.Count)
        {
            return text.ContainsAny(NeedsCompatibilityFolding);
        }

        ref ushort start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        int last = text.Length - Vector256<ushort>.Count;
        for (int i = 0; ; i += Vector256<ushort>.Count)
        {
            // The last step ends at the text's end, overlapping the one before.
            i = Math.Min(i, last);
            if (FoldedByNfkc(Vector256.LoadUnsafe(ref start, (nuint)i)) != Vector256<ushort>.Zero)
            {
                return true;
            }

            if (i == last)
            {
                return false;
            }
        }
    }

    // All bits set in each lane whose character is in NeedsCompatibilityFolding: U+00A0, U+00AD, U+180E, U+2000-U+200F,
    // U+2028, U+2029, U+202F, U+205F-U+2064, U+3000, U+FB00-U+FB04, U+FEFF, U+FF01-U+FF5E.
    private static Vector256<ushort> FoldedByNfkc(Vector256<ushort> c) =>
        Vector256.Equals(c, Vector256.Create((ushort)0x00A0)) | Vector256.Equals(c, Vector256.Create((ushort)0x00AD))
        | Vector256.Equals(c, Vector256.Create((ushort)0x180E)) | Vector256.Equals(c, Vector256.Create((ushort)0x202F))
        | Vector256.Equals(c, Vector256.Create((ushort)0x3000)) | Vector256.Equals(c, Vector256.Create((ushort)0xFEFF))
        | Vector256.LessThan(c - Vector256.Create((ushort)0x2000), Vector256.Create((ushort)0x10))
        | Vector256.LessThan(c - Vector256.Create((ushort)0x2028), Vector256.Create((ushort)2))
        | Vector256.LessThan(c - Vector256.Create((ushort)0x205F), Vector256.Create((ushort)6))
        | Vector256.LessThan(c - Vector256.Create((ushort)0xFB00), Vector256.Create((ushort)5))
        | Vector256.LessThan(c - Vector256.Create((ushort)0xFF01), Vector256.Create((ushort)0x5E));

    /// <summary>The normalized form of <paramref name="text"/>.</summary>
    public static string Normalize(ReadOnlySpan<char> text)
    {
        char[]? buffer = null;
        int length = NormalizeInto(text, ref buffer);
        return new string(buffer, 0, length);
    }

    [ThreadStatic]
    private static char[]? t_scratch;

    /// <summary>
    /// The normalized form of <paramref name="text"/> in a per-thread buffer: valid until the next call on the same
    /// thread. The detectors normalize a window per trigger word; a string per window was most of their garbage.
    /// </summary>
    internal static ReadOnlySpan<char> NormalizeToScratch(ReadOnlySpan<char> text)
    {
        int length = NormalizeInto(text, ref t_scratch);
        return t_scratch.AsSpan(0, length);
    }

    /// <summary>Writes the normalized form of <paramref name="text"/> to <paramref name="buffer"/> (grown when short); returns its length.</summary>
    private static int NormalizeInto(ReadOnlySpan<char> text, [NotNull] ref char[]? buffer)
    {
        ReadOnlySpan<char> folded = text;
        bool simpleFolding = false;
        if (NeedsFolding(text))
        {
            if (IsSimplyFoldable(text))
            {
                // Same result as NFKC for these characters (tested against it), without a call into ICU.
                simpleFolding = true;
            }
            else
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
        }

        // A simply folded character becomes at most three ("…" → "..."); any other at most one.
        int capacity = simpleFolding ? folded.Length * 3 : folded.Length;
        if (buffer is null || buffer.Length < capacity)
        {
            buffer = new char[Math.Max(capacity, 1024)];
        }

        var writer = new Writer(buffer);
        Span<char> expanded = stackalloc char[3];
        int position = 0;
        while (position < folded.Length)
        {
            char raw = folded[position++];
            if (!simpleFolding)
            {
                writer.Append(Fold(raw));
            }
            else
            {
                int count = SimpleFold(raw, expanded);
                for (int i = 0; i < count; i++)
                {
                    writer.Append(Fold(expanded[i]));
                }
            }

            position += writer.AppendPlainRun(folded, position);
        }

        return writer.Length;
    }

    /// <summary>Appends folded characters: drops invisible ones, collapses blanks and runs of emphasis marks.</summary>
    private ref struct Writer(Span<char> buffer)
    {
        private readonly Span<char> _buffer = buffer;
        private char _previous = '\0';

        public int Length { get; private set; }

        public void Append(char c)
        {
            if (c == '\0')
            {
                return; // invisible
            }

            if (IsWhiteSpace(c))
            {
                if (c == '\n' || _previous == '\n')
                {
                    // Keep line breaks (turn structure matters for fake conversation turns), collapse the rest.
                    if (_previous == ' ' && Length > 0)
                    {
                        Length--;
                    }

                    if (_previous != '\n')
                    {
                        _buffer[Length++] = '\n';
                        _previous = '\n';
                    }

                    return;
                }

                if (_previous == ' ')
                {
                    return;
                }

                c = ' ';
            }
            else if (c == _previous && c is '!' or '?' or ',' or '~' or '！' or '？' or '，' or '。')
            {
                return; // "!!!" → "!"; other runs carry structure ("###", "----", "...")
            }

            _buffer[Length++] = c;
            _previous = c;
        }

        /// <summary>
        /// Appends the plain characters from <paramref name="index"/> (&gt; 0) on, eight at a time, up to the first that
        /// is not plain or the last eight of the text; returns how many it appended (0 without vector hardware).
        /// </summary>
        /// <remarks>
        /// <para>Why: every character of every window went through <see cref="Fold"/> and <see cref="Append"/> one by
        /// one; on prompts dense with trigger words (most of each prompt is then in some window) that was 15-20% of
        /// one-thread analyze CPU, though nearly all characters are letters, digits, ideographs and single spaces, which
        /// come out as they went in, lower-cased.</para>
        /// <para>A character is plain when the per-character steps write it, folded, whatever came before it:
        /// printable ASCII other than the emphasis marks and the backquote (written lower-cased), and U+3003-U+9FFF
        /// (ideographs, kana and CJK punctuation without case; U+3000 is a space and 。 an emphasis mark). A space or an
        /// emphasis mark is plain when the character before it (in the text, already appended) is one of those, or
        /// for a mark a space or another mark: those are written as themselves, so what the steps compare the space or
        /// mark with is known. Every such character folds to itself under NFKC and <see cref="SimpleFold"/> too, so
        /// the run is the same on either path. Tested against the reference normalizer on random texts.</para>
        /// <para>The destination has room: on the unfolded path nothing written is longer than what it came from
        /// (Length &lt;= index); on the simply folded one the buffer holds three characters per source character.</para>
        /// </remarks>
        public int AppendPlainRun(ReadOnlySpan<char> text, int index)
        {
            if (!Vector128.IsHardwareAccelerated)
            {
                return 0;
            }

            int start = index;
            ref ushort source = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
            ref ushort destination = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(_buffer));
            while (index + Vector128<ushort>.Count <= text.Length && Length + Vector128<ushort>.Count <= _buffer.Length)
            {
                var current = Vector128.LoadUnsafe(ref source, (nuint)index);
                var before = Vector128.LoadUnsafe(ref source, (nuint)(index - 1));
                var currentMark = IsEmphasisMark(current);
                var beforeMark = IsEmphasisMark(before);
                var beforeWritten = IsPlainAlways(before, beforeMark) | beforeMark;
                var space = Vector128.Create((ushort)' ');
                var plain = IsPlainAlways(current, currentMark)
                    | (Vector128.Equals(current, space) & beforeWritten)
                    | (currentMark & ((beforeWritten | Vector128.Equals(before, space)) & ~Vector128.Equals(current, before)));
                var upper = InRange(current, 'A', 'Z');
                (current | (upper & Vector128.Create((ushort)0x20))).StoreUnsafe(ref destination, (nuint)Length);
                uint notPlain = ~plain.ExtractMostSignificantBits() & 0xFF;
                if (notPlain == 0)
                {
                    index += Vector128<ushort>.Count;
                    Length += Vector128<ushort>.Count;
                    continue;
                }

                int taken = BitOperations.TrailingZeroCount(notPlain);
                index += taken;
                Length += taken;
                break;
            }

            if (index > start)
            {
                _previous = _buffer[Length - 1];
            }

            return index - start;
        }

        private static Vector128<ushort> IsEmphasisMark(Vector128<ushort> c) =>
            Vector128.Equals(c, Vector128.Create((ushort)'!')) | Vector128.Equals(c, Vector128.Create((ushort)'?'))
            | Vector128.Equals(c, Vector128.Create((ushort)',')) | Vector128.Equals(c, Vector128.Create((ushort)'~'));

        // Written as itself (lower-cased) after anything: printable ASCII but the marks and '`', or U+3003-U+9FFF.
        private static Vector128<ushort> IsPlainAlways(Vector128<ushort> c, Vector128<ushort> mark) =>
            (InRange(c, '!', '~') & ~mark & ~Vector128.Equals(c, Vector128.Create((ushort)'`'))) | InRange(c, '\u3003', '\u9FFF');

        private static Vector128<ushort> InRange(Vector128<ushort> c, char first, char last) =>
            Vector128.LessThanOrEqual(c - Vector128.Create((ushort)first), Vector128.Create((ushort)(last - first)));
    }

    /// <summary>
    /// <see cref="char.IsWhiteSpace(char)"/>, answered without a call for the characters above Latin-1: the only
    /// whitespace there is U+1680, U+2000–U+200A, U+2028, U+2029, U+202F, U+205F and U+3000 (the space, line and
    /// paragraph separators). The framework looks every such character up in its Unicode tables, a call per Chinese
    /// character of every window normalized.
    /// </summary>
    internal static bool IsWhiteSpace(char c) =>
        c < '\u1680'
            ? c <= '\u00FF' && char.IsWhiteSpace(c)
            : c is '\u1680' or (>= '\u2000' and <= '\u200A') or '\u2028' or '\u2029' or '\u202F' or '\u205F' or '\u3000';

    // Characters whose NFKC form does not depend on their neighbours and is themselves or a short ASCII string, as long
    // as the whole text holds nothing else (no combining marks, no Hangul, nothing that composes): ASCII, Latin-1
    // punctuation and letters, common general punctuation and spaces, CJK punctuation, CJK unified ideographs and the
    // full-width ASCII forms. This is what Chinese and English prompts are made of, and full-width punctuation (，？：)
    // alone used to send every Chinese window through ICU.
    private static readonly ulong[] SimpleFoldable = BuildSimpleFoldable();

    private static ulong[] BuildSimpleFoldable()
    {
        var bits = new ulong[65536 / 64];
        void Add(int first, int last)
        {
            for (int c = first; c <= last; c++)
            {
                bits[c >> 6] |= 1UL << (c & 63);
            }
        }

        Add(0x0000, 0x007F);
        Add(0x00A0, 0x00A7);
        Add(0x00A9, 0x00A9);
        Add(0x00AB, 0x00AE);
        Add(0x00B0, 0x00B1);
        Add(0x00B6, 0x00B7);
        Add(0x00BB, 0x00BB);
        Add(0x00BF, 0x00FF);
        Add(0x180E, 0x180E);
        Add(0x2000, 0x2010);
        Add(0x2012, 0x2016);
        Add(0x2018, 0x2032);
        Add(0x205F, 0x205F);
        Add(0x2060, 0x2064);
        Add(0x3000, 0x3029);
        Add(0x4E00, 0x9FFF);
        Add(0xFEFF, 0xFEFF);
        Add(0xFF01, 0xFF5E);
        return bits;
    }

    /// <summary>Whether every character of <paramref name="text"/> is one whose NFKC form <see cref="SimpleFold"/> gives.</summary>
    internal static bool IsSimplyFoldable(ReadOnlySpan<char> text)
    {
        var bits = SimpleFoldable;
        foreach (char c in text)
        {
            if ((bits[c >> 6] & (1UL << (c & 63))) == 0)
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>The NFKC form of one simply foldable character (see <see cref="IsSimplyFoldable"/>); returns its length.</summary>
    internal static int SimpleFold(char c, Span<char> into)
    {
        switch (c)
        {
            case >= '\uFF01' and <= '\uFF5E':
                into[0] = (char)(c - 0xFEE0); // full-width ASCII
                return 1;
            case '\u00A0' or (>= '\u2000' and <= '\u200A') or '\u202F' or '\u205F' or '\u3000':
                into[0] = ' ';
                return 1;
            case '\u2024':
                into[0] = '.';
                return 1;
            case '\u2025':
                into[0] = into[1] = '.';
                return 2;
            case '\u2026':
                into[0] = into[1] = into[2] = '.';
                return 3;
            default:
                into[0] = c;
                return 1;
        }
    }

    private static char Fold(char c) => c switch
    {
        '\u2018' or '\u2019' or '\u201A' or '\u201B' or '\u2032' or '\u0060' or '\u00B4' => '\'',
        '\u201C' or '\u201D' or '\u201E' or '\u201F' or '\u2033' or '\u00AB' or '\u00BB' => '"',
        '\u200B' or '\u200C' or '\u200D' or '\u200E' or '\u200F' or '\u2060' or '\u2061' or '\u2062' or '\u2063' or '\u2064' or '\uFEFF' or '\u00AD' or '\u180E' => '\0',
        '\r' => '\n',
        '\t' or '\u00A0' or '\u3000' => ' ',
        _ => LowerInvariant(c),
    };

    /// <summary>
    /// <see cref="char.ToLowerInvariant(char)"/> without the call into ICU that it makes for every non-ASCII character
    /// (one per Chinese character was a tenth of all analyze CPU): ASCII and the CJK block from U+3000 to U+9FFF
    /// (punctuation, kana, ideographs: no case) are answered here, the rest as before. Tested equal for every char.
    /// </summary>
    internal static char LowerInvariant(char c) =>
        c < '\u0080' ? (char)(c is >= 'A' and <= 'Z' ? c | 0x20 : c)
        : c is >= '\u3000' and <= '\u9FFF' ? c
        : char.ToLowerInvariant(c);

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
