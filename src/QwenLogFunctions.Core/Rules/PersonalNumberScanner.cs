using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Finds Chinese resident ID numbers, mainland mobile numbers and payment card numbers among the digit runs of a text.
/// How much context a number needs depends on how strongly it is validated: an ID number (province, birth date and
/// MOD 11-2 check) may follow a word ("ID110…", "身份证号110…"); a phone (two leading digits) or a card (prefix and
/// Luhn, one chance in ten) may not follow a letter, where it is more often an order number or part of an identifier.
/// Numbers that are part of an amount or a decimal ("¥13800138000", "13800138000.5") are neither.
/// </summary>
internal static class PersonalNumberScanner
{
    private const int MaxCardDigits = 19;

    /// <summary>Scans <paramref name="text"/>; returns the <see cref="SensitiveDataScanner.KindBit"/> mask of what it found.</summary>
    public static int Scan(ReadOnlySpan<char> text, List<SensitiveSpan>? spans) => Scan(text, spans, skipGluedRuns: true);

    /// <summary>
    /// As <see cref="Scan(ReadOnlySpan{char}, List{SensitiveSpan}?)"/>; with <paramref name="skipGluedRuns"/> false,
    /// every run of digits is looked at (for tests that skipping them changes nothing).
    /// </summary>
    /// <remarks>
    /// A run of digits followed by a letter ("9b81" in a digest) cannot start a number, and neither can any later run
    /// of the same token of letters and digits: each follows letters that follow a digit, so it is neither at a
    /// boundary nor after a word (see <see cref="FollowsWord"/>). Skipping the rest of the token keeps hex digests,
    /// UUIDs and base64 from stopping the search every few characters: the scanner was 20% of one-thread analyze CPU
    /// on outputs full of them.
    /// </remarks>
    internal static int Scan(ReadOnlySpan<char> text, List<SensitiveSpan>? spans, bool skipGluedRuns)
    {
        int found = 0;
        int position = 0;
        Span<char> digits = stackalloc char[MaxCardDigits];
        while (position < text.Length)
        {
            // Every kind below starts with a run of at least three digits, and `position` never follows a digit (it is
            // the end of a run or of a match, each a boundary): the first three digits in a row from here start a run.
            int offset = IndexOfThreeDigits(text[position..], out int runLength);
            if (offset < 0)
            {
                break;
            }

            int start = position + offset;
            int end = start + runLength;

            position = skipGluedRuns && end < text.Length && char.IsAsciiLetter(text[end]) ? TokenEnd(text, end) : end;
            int length = end - start;
            if (length is (>= 7 and <= 10) or 12 or > MaxCardDigits)
            {
                continue; // no kind below starts with a run of this length
            }

            var run = text[start..end];
            bool afterLetter = start > 0 && char.IsAsciiLetter(text[start - 1]);
            if ((afterLetter && !(length is 17 or 18 && FollowsWord(text, start))) || IsPartOfAmount(text, start, end))
            {
                continue;
            }

            // 17 digits + X: an ID number with the check character X.
            if (length == 17 && end < text.Length && (text[end] is 'X' or 'x') && IsBoundary(text, end + 1))
            {
                if (ChineseIdNumber.IsValid(text.Slice(start, 18)))
                {
                    found |= Add(spans, start, 18, SensitiveKind.IdNumber);
                    position = end + 1;
                }

                continue;
            }

            if (!IsBoundary(text, end))
            {
                continue;
            }

            if (length == 18 && ChineseIdNumber.IsValid(run))
            {
                found |= Add(spans, start, 18, SensitiveKind.IdNumber);
                continue;
            }

            if (afterLetter)
            {
                continue; // only an ID number is validated well enough to be taken right after a word
            }

            if (length == 11 && IsMobile(run))
            {
                found |= Add(spans, start, 11, SensitiveKind.Phone);
                continue;
            }

            if (length == 13 && run.StartsWith("86") && IsMobile(run[2..]))
            {
                found |= Add(spans, start, 13, SensitiveKind.Phone);
                continue;
            }

            if (length is >= 13 and <= MaxCardDigits && IsCard(run, text, start))
            {
                found |= Add(spans, start, length, SensitiveKind.BankCard);
                continue;
            }

            if (length == 3 && GroupedMobileEnd(text, start) is int mobileEnd and > 0)
            {
                found |= Add(spans, start, mobileEnd - start, SensitiveKind.Phone);
                position = mobileEnd;
                continue;
            }

            if (length is >= 4 and <= 6 && GroupedCardEnd(text, start, end, digits) is int cardEnd and > 0)
            {
                found |= Add(spans, start, cardEnd - start, SensitiveKind.BankCard);
                position = cardEnd;
            }
        }

        return found;
    }

    /// <summary>
    /// The index of the first of three ASCII digits in a row in <paramref name="text"/>, or -1; <paramref name="runLength"/>
    /// is how many digits in a row start there (0 when none do).
    /// </summary>
    /// <remarks>
    /// Why not a search for any digit: model outputs are full of one- and two-digit runs (list items, "第3步", "2.5"),
    /// none of which can start a number this scanner looks for, and stopping at each one was 3% of one-thread analyze
    /// CPU. Thirty-two characters are tested a step: packed to bytes, compared, and their digit bits shifted onto each other.
    /// </remarks>
    // Inlined into the scanner's loop: the run's length then stays in a register (returned through memory, its reload
    // was the loop's costliest instruction).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal static int IndexOfThreeDigits(ReadOnlySpan<char> text, out int runLength)
    {
        int i = 0;
        if (Avx2.IsSupported)
        {
            ref short start = ref Unsafe.As<char, short>(ref MemoryMarshal.GetReference(text));
            var zero = Vector256.Create((byte)'0');
            var nine = Vector256.Create((byte)9);

            // Bits 30 and 31 of the previous block's digit mask: a run may start there and end in this block.
            ulong previous = 0;
            for (; i + PackedChars.Count <= text.Length; i += PackedChars.Count)
            {
                // (Anything above 0xFF packs to 0xFF or 0: neither is a digit.)
                var packed = PackedChars.Load(ref start, i);
                uint digits = Vector256.LessThanOrEqual(packed - zero, nine).ExtractMostSignificantBits();

                // Bit k of `window` is position i - 2 + k; a run of three starts where a bit and the next two are set.
                ulong window = ((ulong)digits << 2) | previous;
                ulong runs = window & (window >> 1) & (window >> 2);
                if (runs != 0)
                {
                    // The run's length from the same mask (bits 0-33 are known): most runs end within it, and no digit
                    // is then read one by one (an 18-digit order number took 18 steps). One that reaches the block's
                    // end is followed further.
                    int first = BitOperations.TrailingZeroCount(runs);
                    int found = i - 2 + first;
                    runLength = BitOperations.TrailingZeroCount(~(window >> first));
                    if (found + runLength == i + (PackedChars.Count))
                    {
                        runLength = RunLength(text, found, found + runLength);
                    }

                    return found;
                }

                previous = digits >> 30;
            }

            // The last two positions of the last block may start a run that ends after it.
            i = Math.Max(0, i - 2);
        }

        // The rest (under 34 characters after the vector steps) one position at a time, looking at the third character
        // first: when it is not a digit, no run starts at any of the three positions (a third of the steps in prose).
        while (i + 2 < text.Length)
        {
            if (!char.IsAsciiDigit(text[i + 2]))
            {
                i += 3;
            }
            else if (char.IsAsciiDigit(text[i]) && char.IsAsciiDigit(text[i + 1]))
            {
                runLength = RunLength(text, i, i + 3);
                return i;
            }
            else
            {
                i++;
            }
        }

        runLength = 0;
        return -1;
    }

    /// <summary>The length of the run of digits from <paramref name="start"/>, known to reach at least <paramref name="from"/>.</summary>
    private static int RunLength(ReadOnlySpan<char> text, int start, int from)
    {
        int end = from;
        while (end < text.Length && char.IsAsciiDigit(text[end]))
        {
            end++;
        }

        return end - start;
    }

    /// <summary>The end of the run of ASCII letters and digits that <paramref name="from"/> is in.</summary>
    private static int TokenEnd(ReadOnlySpan<char> text, int from)
    {
        int end = text[from..].IndexOfAnyExcept(AsciiLettersAndDigits);
        return end < 0 ? text.Length : from + end;
    }

    private static readonly System.Buffers.SearchValues<char> AsciiLettersAndDigits =
        System.Buffers.SearchValues.Create("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz");

    /// <summary>Mainland mobile numbers: 11 digits, 1, then 3–9 (13x–19x).</summary>
    internal static bool IsMobile(ReadOnlySpan<char> digits) => digits.Length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9';

    // Issuer prefixes in use for 13–19 digit cards: 2 (Mastercard 2-series), 3 (Amex/JCB/Diners), 4 (Visa), 5, 6 (UnionPay 62,
    // Discover). A resident ID number that happens to pass Luhn stays an ID; a 15-digit IMEI prefix, or a device identity
    // named just before, makes it a handset rather than a card.
    private static bool IsCard(ReadOnlySpan<char> digits, ReadOnlySpan<char> text, int start) =>
        digits[0] is >= '2' and <= '6' && Luhn.IsValid(digits) && !ChineseIdNumber.IsValid(digits) &&
        !Imei.IsLikelyImei(digits) && !Imei.IsNamedBefore(text, start);

    private static bool IsBoundary(ReadOnlySpan<char> text, int index) => index >= text.Length || !char.IsAsciiLetterOrDigit(text[index]);

    /// <summary>
    /// Whether the ASCII letters right before <paramref name="start"/> form a word ("ID", "No", "sfz") rather than the
    /// head of a hex string or identifier: they start at a boundary and include a letter outside a–f, which a hex digest
    /// never has.
    /// </summary>
    private static bool FollowsWord(ReadOnlySpan<char> text, int start)
    {
        int letters = start;
        bool beyondHex = false;
        while (letters > 0 && char.IsAsciiLetter(text[letters - 1]))
        {
            letters--;
            beyondHex |= !char.IsAsciiHexDigit(text[letters]);
        }

        return beyondHex && (letters == 0 || !(char.IsAsciiDigit(text[letters - 1]) || text[letters - 1] == '_'));
    }

    /// <summary>
    /// Whether the run [start, end) is part of an amount or a decimal: a currency sign before it, a decimal point on
    /// either side with digits beyond it, or a Chinese unit of money after it.
    /// </summary>
    private static bool IsPartOfAmount(ReadOnlySpan<char> text, int start, int end)
    {
        int before = start - 1;
        if (before >= 0 && text[before] == ' ')
        {
            before--;
        }

        if (before >= 0 && text[before] is '¥' or '￥' or '$' or '€' or '£' or '＄')
        {
            return true;
        }

        if (start >= 2 && text[start - 1] == '.' && char.IsAsciiDigit(text[start - 2]))
        {
            return true;
        }

        if (end + 1 < text.Length && text[end] == '.' && char.IsAsciiDigit(text[end + 1]))
        {
            return true;
        }

        int after = end;
        while (after < text.Length && after - end < 2 && text[after] == ' ')
        {
            after++;
        }

        return after < text.Length && text[after] is '元' or '圆' or '块' or '万' or '亿';
    }

    /// <summary>
    /// A mobile number written 3-4-4 with one kind of separator ("138-0013-8000", "138 0013 8000"): the end of the match,
    /// or 0. Before it may stand a country code ("+86-", "0086 ") but no other number, and no further group may follow.
    /// </summary>
    private static int GroupedMobileEnd(ReadOnlySpan<char> text, int start)
    {
        const int length = 13; // 3 + 1 + 4 + 1 + 4
        if (start + length > text.Length || text[start] != '1' || text[start + 1] is < '3' or > '9')
        {
            return 0;
        }

        char separator = text[start + 3];
        if (separator is not (' ' or '-') || text[start + 8] != separator)
        {
            return 0;
        }

        for (int i = 4; i < length; i++)
        {
            if (i != 8 && !char.IsAsciiDigit(text[start + i]))
            {
                return 0;
            }
        }

        int end = start + length;
        if (!IsBoundary(text, end) || (end + 1 < text.Length && text[end] is ' ' or '-' or '.' && char.IsAsciiDigit(text[end + 1])))
        {
            return 0;
        }

        if (start >= 2 && text[start - 1] is ' ' or '-' && char.IsAsciiDigit(text[start - 2]))
        {
            int codeStart = start - 1;
            while (codeStart > 0 && char.IsAsciiDigit(text[codeStart - 1]))
            {
                codeStart--;
            }

            var code = text[codeStart..(start - 1)];
            if (!(code is "86" or "0086"))
            {
                return 0;
            }
        }

        return end;
    }

    /// <summary>
    /// A card number written in groups ("6222 0212 3456 7890 123", "4111-1111-1111-1111") starting with the run
    /// [start, runEnd): the end of the match, or 0. A run that continues a grouped number before it is not a start.
    /// </summary>
    private static int GroupedCardEnd(ReadOnlySpan<char> text, int start, int runEnd, Span<char> digits)
    {
        if (runEnd + 1 >= text.Length || text[runEnd] is not (' ' or '-') || !char.IsAsciiDigit(text[runEnd + 1]))
        {
            return 0;
        }

        char separator = text[runEnd];
        if (start >= 2 && text[start - 1] == separator && char.IsAsciiDigit(text[start - 2]))
        {
            // Digits just before: a short head group ("35 693803 564380 9") or a run grouped the same way belongs to a
            // longer number; a whole number written differently ("…-1881 4012 8888 …") does not.
            int previous = start - 1;
            while (previous > 0 && char.IsAsciiDigit(text[previous - 1]))
            {
                previous--;
            }

            if (start - 1 - previous <= 3 || (previous > 0 && text[previous - 1] == separator))
            {
                return 0;
            }
        }

        text[start..runEnd].CopyTo(digits);
        int count = runEnd - start, cursor = runEnd;
        while (cursor + 1 < text.Length && text[cursor] == separator && char.IsAsciiDigit(text[cursor + 1]))
        {
            int groupStart = cursor + 1, groupEnd = groupStart;
            while (groupEnd < text.Length && char.IsAsciiDigit(text[groupEnd]))
            {
                groupEnd++;
            }

            if (count + (groupEnd - groupStart) > MaxCardDigits)
            {
                break;
            }

            text[groupStart..groupEnd].CopyTo(digits[count..]);
            count += groupEnd - groupStart;
            cursor = groupEnd;
        }

        return count >= 13 && IsBoundary(text, cursor) && IsCard(digits[..count], text, start) ? cursor : 0;
    }

    private static int Add(List<SensitiveSpan>? spans, int start, int length, SensitiveKind kind)
    {
        spans?.Add(new SensitiveSpan(start, length, kind));
        return SensitiveDataScanner.KindBit(kind);
    }
}
