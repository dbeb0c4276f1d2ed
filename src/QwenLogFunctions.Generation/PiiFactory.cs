using System.Globalization;
using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Generation;

/// <summary>
/// Makes the personal data and credentials planted in outputs. Every number is built so that exactly one validator
/// accepts it: a resident ID never also passes Luhn (neither all 18 digits nor its first 17), a card number is never
/// 18 digits long, and decoys fail both checks. So PII counts of an analysis can be compared with what was planted.
/// </summary>
internal static class PiiFactory
{
    private const string Alphanumerics = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    private const string Base32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
    private const string Base64 = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    // Real county-level division codes (GB/T 2260): 北京东城, 上海徐汇, 深圳南山, 杭州西湖, 成都武侯, 武汉武昌, 广州天河, 南京鼓楼.
    private static readonly string[] AreaCodes = ["110101", "310104", "440305", "330106", "510107", "420106", "440106", "320106"];
    private static readonly int[] IdWeights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
    private const string IdCheckCharacters = "10X98765432";

    /// <summary>An 18-character resident ID number with a correct GB 11643 (ISO 7064 MOD 11-2) check character.</summary>
    public static string IdNumber(SeededRandom random)
    {
        while (true)
        {
            string body = IdBody(random);
            string id = body + IdCheckCharacter(body);
            if (!LooksLikeCard(id))
            {
                return id;
            }
        }
    }

    /// <summary>18 digits shaped like an ID number whose check digit is wrong, and which fails Luhn too.</summary>
    public static string DecoyIdNumber(SeededRandom random)
    {
        while (true)
        {
            string body = IdBody(random);
            char correct = IdCheckCharacter(body);
            char wrong = (char)('0' + random.Next(10));
            string id = body + wrong;
            if (wrong != correct && !LooksLikeCard(id))
            {
                return id;
            }
        }
    }

    /// <summary>A UnionPay card number (prefix 62) of 16 or 19 digits with a correct Luhn check digit.</summary>
    public static string BankCard(SeededRandom random)
    {
        string body = "62" + Digits(random, random.Chance(0.7) ? 13 : 16);
        return body + LuhnCheckDigit(body);
    }

    /// <summary>16 digits that fail Luhn, like a parcel tracking number.</summary>
    public static string DecoyCardNumber(SeededRandom random)
    {
        string body = "7" + Digits(random, 14);
        int wrong = (LuhnCheckDigit(body) - '0' + 1 + random.Next(9)) % 10;
        return body + (char)('0' + wrong);
    }

    /// <summary>A mainland mobile number: 1, then 3–9, then nine digits.</summary>
    public static string Phone(SeededRandom random) => "1" + (char)('3' + random.Next(7)) + Digits(random, 9);

    public static string Email(SeededRandom random)
    {
        string[] locals = ["zhangwei", "li.na", "wang_fang", "liu.yang", "chen.jie", "john.smith", "emily.chen", "support", "hr.recruit"];
        string[] domains = ["qq.com", "163.com", "gmail.com", "outlook.com", "example.cn", "corp.example.com", "aliyun.com"];
        string local = random.Pick(locals);
        if (random.Chance(0.5))
        {
            local += random.Next(10, 99).ToString(CultureInfo.InvariantCulture);
        }

        return local + "@" + random.Pick(domains);
    }

    /// <summary>An OpenAI-style key: "sk-" and 48 alphanumerics.</summary>
    public static string ApiKey(SeededRandom random) => "sk-" + Pick(random, Alphanumerics, 48);

    /// <summary>An AWS access key id: "AKIA" and 16 base-32 upper-case characters.</summary>
    public static string AwsAccessKeyId(SeededRandom random) => "AKIA" + Pick(random, Base32, 16);

    public static string PrivateKeyBlock(SeededRandom random)
    {
        var lines = new List<string> { "-----BEGIN RSA PRIVATE KEY-----", "MIIEowIBAAKCAQEA" + Pick(random, Base64, 48) };
        int count = random.Next(4, 9);
        for (int i = 0; i < count; i++)
        {
            lines.Add(Pick(random, Base64, 64));
        }

        lines.Add(Pick(random, Base64, random.Next(8, 60)) + "==");
        lines.Add("-----END RSA PRIVATE KEY-----");
        return string.Join('\n', lines);
    }

    public static char IdCheckCharacter(string first17Digits)
    {
        int sum = 0;
        for (int i = 0; i < 17; i++)
        {
            sum += (first17Digits[i] - '0') * IdWeights[i];
        }

        return IdCheckCharacters[sum % 11];
    }

    private static char LuhnCheckDigit(string body)
    {
        for (char c = '0'; c <= '9'; c++)
        {
            if (Luhn.IsValid(body + c))
            {
                return c;
            }
        }

        throw new InvalidOperationException("Unreachable: one of ten check digits always passes Luhn.");
    }

    /// <summary>True when a card detector (13–19 digits, Luhn) could take the number, or its 17 leading digits, for a card.</summary>
    private static bool LooksLikeCard(string id) =>
        Luhn.IsValid(id.AsSpan(0, 17)) || (char.IsAsciiDigit(id[17]) && Luhn.IsValid(id));

    private static string IdBody(SeededRandom random)
    {
        var birth = new DateOnly(1960, 1, 1).AddDays(random.Next(365 * 45));
        return random.Pick(AreaCodes) + birth.ToString("yyyyMMdd", CultureInfo.InvariantCulture) + Digits(random, 3);
    }

    private static string Digits(SeededRandom random, int count) => Pick(random, "0123456789", count);

    private static string Pick(SeededRandom random, string alphabet, int count) =>
        string.Create(count, (random, alphabet), static (span, state) =>
        {
            for (int i = 0; i < span.Length; i++)
            {
                span[i] = state.alphabet[state.random.Next(state.alphabet.Length)];
            }
        });
}
