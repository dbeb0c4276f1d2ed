namespace QwenLogFunctions.Core.Tests.Generation;

/// <summary>Independent implementations of the check digits, so the generator is not checked against itself.</summary>
internal static class Validators
{
    /// <summary>GB 11643-1999: ISO 7064 MOD 11-2 over the first 17 digits.</summary>
    public static bool IsValidResidentId(string id)
    {
        if (id.Length != 18)
        {
            return false;
        }

        int sum = 0;
        for (int i = 0; i < 17; i++)
        {
            if (!char.IsAsciiDigit(id[i]))
            {
                return false;
            }

            // Weight of position i is 2^(17 - i) mod 11.
            int weight = 1;
            for (int k = 0; k < 17 - i; k++)
            {
                weight = weight * 2 % 11;
            }

            sum += (id[i] - '0') * weight;
        }

        int check = (12 - (sum % 11)) % 11;
        return check == 10 ? id[17] == 'X' : id[17] == (char)('0' + check);
    }

    public static bool PassesLuhn(string digits)
    {
        int sum = 0;
        for (int i = 0; i < digits.Length; i++)
        {
            int d = digits[digits.Length - 1 - i] - '0';
            sum += i % 2 == 1 ? (d * 2 > 9 ? (d * 2) - 9 : d * 2) : d;
        }

        return sum % 10 == 0;
    }
}
