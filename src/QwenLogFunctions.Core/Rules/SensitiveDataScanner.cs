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
    private static readonly string[] SecretAnchors =
        ["sk-", "AKIA", "ASIA", "-----BEGIN ", "ghp_", "gho_", "ghs_", "github_pat_", "xoxb-", "xoxp-", "xoxa-", "AIza", "AccountKey="];

    private static readonly SearchValues<string> SecretAnchorValues = SearchValues.Create(SecretAnchors, StringComparison.Ordinal);

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
        found |= ScanSecrets(text, spans);
        return found;
    }

    // Personal data lives in its own scanners; these names keep Scan readable.
    private static int ScanDigits(ReadOnlySpan<char> text, List<SensitiveSpan>? spans) => PersonalNumberScanner.Scan(text, spans);

    private static int ScanEmails(ReadOnlySpan<char> text, List<SensitiveSpan>? spans) => EmailScanner.Scan(text, spans);

    private static int ScanSecrets(ReadOnlySpan<char> text, List<SensitiveSpan>? spans)
    {
        int found = 0;
        int position = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOfAny(SecretAnchorValues);
            if (offset < 0)
            {
                break;
            }

            int start = position + offset;
            int length = SecretLength(text, start);
            if (length > 0)
            {
                found |= Add(spans, start, length, SensitiveKind.Secret);
                position = start + length;
            }
            else
            {
                position = start + 1;
            }
        }

        return found;
    }

    /// <summary>Length of the credential starting at <paramref name="start"/> (an anchor), or 0 if it is not one.</summary>
    private static int SecretLength(ReadOnlySpan<char> text, int start)
    {
        var rest = text[start..];
        if (start > 0 && char.IsAsciiLetterOrDigit(text[start - 1]) && !rest.StartsWith("-----BEGIN "))
        {
            return 0;
        }

        if (rest.StartsWith("-----BEGIN "))
        {
            int headerEnd = rest[11..].IndexOf("-----");
            if (headerEnd < 0 || headerEnd > 40 || !rest.Slice(11, headerEnd).EndsWith("PRIVATE KEY"))
            {
                return 0;
            }

            int endMarker = rest.IndexOf("-----END ");
            if (endMarker < 0)
            {
                return rest.Length;
            }

            int close = rest[(endMarker + 9)..].IndexOf("-----");
            return close < 0 ? rest.Length : endMarker + 9 + close + 5;
        }

        if (rest.StartsWith("sk-"))
        {
            return TokenLength(rest, 3, minimum: 20, static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        }

        if (rest.StartsWith("AKIA") || rest.StartsWith("ASIA"))
        {
            int n = TokenLength(rest, 4, minimum: 16, static c => char.IsAsciiLetterUpper(c) || char.IsAsciiDigit(c));
            return n == 20 ? n : 0;
        }

        if (rest.StartsWith("github_pat_"))
        {
            return TokenLength(rest, 11, minimum: 22, static c => char.IsAsciiLetterOrDigit(c) || c == '_');
        }

        if (rest.StartsWith("gh"))
        {
            return TokenLength(rest, 4, minimum: 36, char.IsAsciiLetterOrDigit);
        }

        if (rest.StartsWith("xox"))
        {
            return TokenLength(rest, 5, minimum: 10, static c => char.IsAsciiLetterOrDigit(c) || c == '-');
        }

        if (rest.StartsWith("AIza"))
        {
            return TokenLength(rest, 4, minimum: 35, static c => char.IsAsciiLetterOrDigit(c) || c is '_' or '-');
        }

        if (rest.StartsWith("AccountKey="))
        {
            return TokenLength(rest, 11, minimum: 40, static c => char.IsAsciiLetterOrDigit(c) || c is '+' or '/' or '=');
        }

        return 0;
    }

    private static int TokenLength(ReadOnlySpan<char> text, int prefix, int minimum, Func<char, bool> allowed)
    {
        int end = prefix;
        while (end < text.Length && allowed(text[end]))
        {
            end++;
        }

        return end - prefix >= minimum ? end : 0;
    }

    private static int Add(List<SensitiveSpan>? spans, int start, int length, SensitiveKind kind)
    {
        spans?.Add(new SensitiveSpan(start, length, kind));
        return KindBit(kind);
    }
}
