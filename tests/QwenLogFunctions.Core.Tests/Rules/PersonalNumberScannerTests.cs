using CsCheck;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Rules;
using QwenLogFunctions.Core.Rules.Evaluation;
using QwenLogFunctions.TestUtility;

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
        Texts.Sample(text =>
        {
            int start = PersonalNumberScanner.IndexOfThreeDigits(text, out int length);
            Assert.Equal(Naive(text), start);
            int expected = start < 0 ? 0 : text.AsSpan(start).IndexOfAnyExceptInRange('0', '9') is int end and >= 0 ? end : text.Length - start;
            Assert.True(expected == length, $"run of {length} digits said at {start} in \"{text}\", {expected} there");
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("", -1)]
    [InlineData("12", -1)]
    [InlineData("123", 0)]
    [InlineData("第3步，共12项，2024年", 9)]
    [InlineData("a1b22c 9 88 7777", 12)]
    [InlineData("the run starts after one vector step of sixteen: 1 22 333", 54)]
    [InlineData("12/34/56:78.90 ０１２ ٠١٢", -1)]
    public void Examples(string text, int expected) => Assert.Equal(expected, PersonalNumberScanner.IndexOfThreeDigits(text, out _));

    [Fact]
    public void Skipping_the_rest_of_a_token_after_a_glued_run_finds_what_looking_at_every_run_finds()
    {
        // Real numbers from the labelled corpus (IDs, phones, cards, with the words before them), glued to or parted
        // from hex digests, letters that are and are not hex, an X check character, underscores and amounts.
        string[] numbers =
        [
            .. RuleEvaluation.Load(RepositoryPaths.Combine("tests", "eval-corpus"))
                .Where(entry => entry.Key is RequestFlags.PiiIdNumber or RequestFlags.PiiPhone or RequestFlags.PiiBankCard)
                .SelectMany(entry => entry.Value)
                .Select(sample => sample.Text),
        ];
        var piece = Gen.Frequency(
            (3, Gen.OneOfConst(numbers)),
            (3, Gen.Char['0', '9'].Array[1, 20].Select(chars => new string(chars))),
            (3, Gen.OneOfConst("a", "f", "g", "x", "X", "ID", "sfz", "No", "abc", "9b81c0", "_", " ", "-", ".", "¥", ":", "身份证号", "电话", "\n")));
        int found = 0;
        piece.Array[1, 12].Select(parts => string.Concat(parts)).Sample(text =>
        {
            var skipped = new List<SensitiveSpan>();
            var every = new List<SensitiveSpan>();
            int mask = PersonalNumberScanner.Scan(text, skipped, skipGluedRuns: true);
            Assert.Equal(PersonalNumberScanner.Scan(text, every, skipGluedRuns: false), mask);
            Assert.Equal(every, skipped);
            Assert.Equal(mask, PersonalNumberScanner.Scan(text, null, skipGluedRuns: true));
            Interlocked.Add(ref found, skipped.Count);
        }, iter: 50_000);

        // Not a vacuous pass: numbers are found often.
        Assert.True(found >= 10_000, $"only {found} numbers found");
    }

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
