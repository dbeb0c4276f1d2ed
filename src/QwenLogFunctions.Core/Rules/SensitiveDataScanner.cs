using System.Buffers;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Finds validated personal data and secrets in text: Chinese resident ID numbers (check digit and birth date),
/// payment card numbers (issuer prefix and Luhn, also in 4-digit groups), mainland mobile numbers, e-mail
/// addresses, and credential shapes (OpenAI/GitHub/Slack/Google/AWS keys, storage account keys, PEM private keys).
/// Scans with vectorized searches, so cost is linear in the text and small for text without digits, '@' or anchors.
/// The same scanner drives the flags and the redaction of stored previews.
/// </summary>
public static class SensitiveDataScanner
{
    /// <summary>Bit per <see cref="SensitiveKind"/> found.</summary>
    public static int KindBit(SensitiveKind kind) => 1 << (int)kind;

    /// <summary>
    /// Scans <paramref name="text"/>. Returns a bit mask of the kinds found (see <see cref="KindBit"/>); when
    /// <paramref name="spans"/> is given, every finding is added to it in no particular order.
    /// </summary>
    public static int Scan(ReadOnlySpan<char> text, List<SensitiveSpan>? spans = null)
    {
        int found = ScanDigits(text, spans);
        found |= ScanEmails(text, spans);
        if (SecretScanner.Scan(text, spans))
        {
            found |= KindBit(SensitiveKind.Secret);
        }

        return found;
    }

    private static int ScanDigits(ReadOnlySpan<char> text, List<SensitiveSpan>? spans)
    {
        int found = 0;
        int position = 0;
        Span<char> digits = stackalloc char[19];
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAnyInRange('0', '9');
            if (offset < 0)
            {
                break;
            }

            int start = position + offset;
            int end = start;
            while (end < text.Length && char.IsAsciiDigit(text[end]))
            {
                end++;
            }

            position = end;
            if (start > 0 && char.IsAsciiLetter(text[start - 1]))
            {
                continue; // part of an identifier or a hash, not a number someone typed
            }

            int length = end - start;
            var run = text[start..end];

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

            if (length is >= 13 and <= 19 && IsCard(run))
            {
                found |= Add(spans, start, length, SensitiveKind.BankCard);
                continue;
            }

            // Card numbers written in groups: "6222 0212 3456 7890 123" or with hyphens.
            if (length is >= 4 and <= 6 && end + 1 < text.Length && (text[end] is ' ' or '-') && char.IsAsciiDigit(text[end + 1]))
            {
                run.CopyTo(digits);
                int count = length, cursor = end;
                char separator = text[end];
                while (cursor + 1 < text.Length && text[cursor] == separator && char.IsAsciiDigit(text[cursor + 1]))
                {
                    int groupStart = cursor + 1, groupEnd = groupStart;
                    while (groupEnd < text.Length && char.IsAsciiDigit(text[groupEnd]))
                    {
                        groupEnd++;
                    }

                    if (count + (groupEnd - groupStart) > 19)
                    {
                        break;
                    }

                    text[groupStart..groupEnd].CopyTo(digits[count..]);
                    count += groupEnd - groupStart;
                    cursor = groupEnd;
                }

                if (count >= 13 && IsBoundary(text, cursor) && IsCard(digits[..count]))
                {
                    found |= Add(spans, start, cursor - start, SensitiveKind.BankCard);
                    position = cursor;
                }
            }
        }

        return found;
    }

    private static bool IsMobile(ReadOnlySpan<char> digits) => digits.Length == 11 && digits[0] == '1' && digits[1] is >= '3' and <= '9';

    // Issuer prefixes in use for 13–19 digit cards: 2 (Mastercard 2-series), 3 (Amex/JCB/Diners), 4 (Visa), 5, 6 (UnionPay 62, Discover).
    private static bool IsCard(ReadOnlySpan<char> digits) => digits[0] is >= '2' and <= '6' && Luhn.IsValid(digits) && !ChineseIdNumber.IsValid(digits);

    private static bool IsBoundary(ReadOnlySpan<char> text, int index) => index >= text.Length || !char.IsAsciiLetterOrDigit(text[index]);

    private static int ScanEmails(ReadOnlySpan<char> text, List<SensitiveSpan>? spans)
    {
        int found = 0;
        int position = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOf('@');
            if (offset < 0)
            {
                break;
            }

            int at = position + offset;
            position = at + 1;
            int start = at;
            while (start > 0 && IsLocalPartChar(text[start - 1]))
            {
                start--;
            }

            if (start == at)
            {
                continue;
            }

            int end = at + 1, lastDot = -1;
            while (end < text.Length && (char.IsAsciiLetterOrDigit(text[end]) || text[end] == '-' || (text[end] == '.' && end + 1 < text.Length && char.IsAsciiLetterOrDigit(text[end + 1]))))
            {
                if (text[end] == '.')
                {
                    lastDot = end;
                }

                end++;
            }

            if (lastDot > at + 1 && end - lastDot - 1 >= 2 && IsAllLetters(text[(lastDot + 1)..end]))
            {
                found |= Add(spans, start, end - start, SensitiveKind.Email);
                position = end;
            }
        }

        return found;
    }

    private static bool IsLocalPartChar(char c) => char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-';

    private static bool IsAllLetters(ReadOnlySpan<char> text)
    {
        foreach (char c in text)
        {
            if (!char.IsAsciiLetter(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int Add(List<SensitiveSpan>? spans, int start, int length, SensitiveKind kind)
    {
        spans?.Add(new SensitiveSpan(start, length, kind));
        return KindBit(kind);
    }
}
