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

    // Personal data lives in its own scanners; these names keep Scan readable.
    private static int ScanDigits(ReadOnlySpan<char> text, List<SensitiveSpan>? spans) => PersonalNumberScanner.Scan(text, spans);

    private static int ScanEmails(ReadOnlySpan<char> text, List<SensitiveSpan>? spans) => EmailScanner.Scan(text, spans);

    private static int Add(List<SensitiveSpan>? spans, int start, int length, SensitiveKind kind)
    {
        spans?.Add(new SensitiveSpan(start, length, kind));
        return KindBit(kind);
    }
}
