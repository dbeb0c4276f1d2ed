namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Tells mobile equipment identities (IMEI, 3GPP TS 23.003) from payment cards. A 15-digit IMEI ends in a Luhn check
/// digit like a card, so Luhn alone cannot separate them; length and prefix can. No card brand in use issues 15-digit
/// numbers except American Express (34, 37), while every IMEI starts with the code of the body that allocated its
/// type approval code (35 for BABT, 86 for TAF China, 49 for BZT, …).
/// </summary>
public static class Imei
{
    // Words that name a device identity; a number right after one of them is not a card whatever its digits.
    private static readonly string[] ContextWords = ["IMEI", "MEID", "串号"];

    // How far before a number the context word may stand: "IMEI/MEID: ", "设备串号为 ".
    private const int ContextWindow = 16;

    /// <summary>
    /// Whether 15 digits are shaped like an IMEI rather than a card: not an American Express prefix, and starting with
    /// a reporting body identifier that falls inside the card prefixes 2–6 (30, 33, 35, 44, 45, 49, 50–54).
    /// </summary>
    public static bool IsLikelyImei(ReadOnlySpan<char> digits)
    {
        if (digits.Length != 15 || !char.IsAsciiDigit(digits[0]) || !char.IsAsciiDigit(digits[1]))
        {
            return false;
        }

        int prefix = ((digits[0] - '0') * 10) + (digits[1] - '0');
        return prefix is 30 or 33 or 35 or 44 or 45 or 49 or (>= 50 and <= 54);
    }

    /// <summary>Whether "IMEI", "MEID" or "串号" stands shortly before <paramref name="start"/> (case-insensitive).</summary>
    public static bool IsNamedBefore(ReadOnlySpan<char> text, int start)
    {
        var before = text[Math.Max(0, start - ContextWindow)..start];
        foreach (string word in ContextWords)
        {
            if (before.Contains(word, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
