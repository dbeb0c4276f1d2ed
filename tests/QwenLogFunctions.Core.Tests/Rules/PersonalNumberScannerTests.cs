using CsCheck;
using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Core.Tests.Rules;

/// <summary>
/// The vector search that finds where a digit run of three or more starts, against its definition read character by
/// character: on texts of every length around the vector width, digits among letters, Chinese and the characters just
/// outside '0'–'9'.
/// </summary>
public class PersonalNumberScannerTests
{
    private static readonly Gen<string> Texts = Gen.Frequency(
            (6, Gen.Char['0', '9']),
            (2, Gen.OneOfConst('/', ':', '.', ' ', '-', 'a', 'X', '\u0660', '\uFF10', '\u0130', '\u3030')),
            (2, Gen.Char['\u4E00', '\u9FFF']))
        .Array[0, 80]
        .Select(chars => new string(chars));

    [Fact]
    public void Finds_the_first_three_digits_in_a_row()
    {
        Texts.Sample(text => Assert.Equal(Naive(text), PersonalNumberScanner.IndexOfThreeDigits(text)), iter: 20_000);
    }

    [Theory]
    [InlineData("", -1)]
    [InlineData("12", -1)]
    [InlineData("123", 0)]
    [InlineData("第3步，共12项，2024年", 9)]
    [InlineData("a1b22c 9 88 7777", 12)]
    [InlineData("the run starts after one vector step of sixteen: 1 22 333", 54)]
    [InlineData("12/34/56:78.90 ０１２ ٠١٢", -1)]
    public void Examples(string text, int expected) => Assert.Equal(expected, PersonalNumberScanner.IndexOfThreeDigits(text));

    private static int Naive(string text)
    {
        for (int i = 0; i + 2 < text.Length; i++)
        {
            if (char.IsAsciiDigit(text[i]) && char.IsAsciiDigit(text[i + 1]) && char.IsAsciiDigit(text[i + 2]))
            {
                return i;
            }
        }

        return -1;
    }
}
