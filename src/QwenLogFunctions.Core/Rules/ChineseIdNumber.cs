namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Validation of 18-character Chinese resident identity numbers (GB 11643-1999): a known province code,
/// a real birth date, and the ISO 7064 MOD 11-2 check character. Validated, not guessed: a random
/// 18-digit run passes all three with a probability well under 1 in 1,000.
/// </summary>
public static class ChineseIdNumber
{
    private static readonly int[] Weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string CheckCharacters = "10X98765432";

    /// <summary>Whether the 18 characters form a valid resident ID number.</summary>
    public static bool IsValid(ReadOnlySpan<char> id)
    {
        if (id.Length != 18)
        {
            return false;
        }

        int sum = 0;
        for (int i = 0; i < 17; i++)
        {
            int digit = id[i] - '0';
            if ((uint)digit > 9)
            {
                return false;
            }

            sum += digit * Weights[i];
        }

        char check = char.ToUpperInvariant(id[17]);
        if (check != CheckCharacters[sum % 11])
        {
            return false;
        }

        int province = ((id[0] - '0') * 10) + (id[1] - '0');
        if (!IsProvinceCode(province))
        {
            return false;
        }

        int year = Number(id.Slice(6, 4)), month = Number(id.Slice(10, 2)), day = Number(id.Slice(12, 2));
        return year >= 1900 && year <= 2100 && month >= 1 && month <= 12 && day >= 1 && day <= DateTime.DaysInMonth(year, month);
    }

    private static bool IsProvinceCode(int code) => code is
        (>= 11 and <= 15) or (>= 21 and <= 23) or (>= 31 and <= 37) or (>= 41 and <= 46) or
        (>= 50 and <= 54) or (>= 61 and <= 65) or 71 or 81 or 82 or 83 or 91;

    private static int Number(ReadOnlySpan<char> digits)
    {
        int value = 0;
        foreach (char c in digits)
        {
            value = (value * 10) + (c - '0');
        }

        return value;
    }
}
