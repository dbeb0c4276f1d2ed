namespace QwenLogFunctions.Core.Rules;

/// <summary>The Luhn (mod 10) check used by payment card numbers.</summary>
public static class Luhn
{
    /// <summary>Whether the digits pass the Luhn check. Non-digits make it false.</summary>
    public static bool IsValid(ReadOnlySpan<char> digits)
    {
        if (digits.Length == 0)
        {
            return false;
        }

        int sum = 0;
        bool doubleIt = false;
        for (int i = digits.Length - 1; i >= 0; i--)
        {
            int d = digits[i] - '0';
            if ((uint)d > 9)
            {
                return false;
            }

            if (doubleIt)
            {
                d *= 2;
                if (d > 9)
                {
                    d -= 9;
                }
            }

            sum += d;
            doubleIt = !doubleIt;
        }

        return sum % 10 == 0;
    }
}
