using CsCheck;
using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Core.Tests.Rules;

/// <summary>
/// The grammars try a rule only when one of its literals is in the text (<see cref="GrammarRuleSet.MarkPresentLiterals"/>):
/// ASCII literals through one multi-string search, the others through their rarest character. Whatever the split,
/// the marks must be exactly "the text contains this literal", or a rule is skipped that would have matched.
/// </summary>
public class GrammarLiteralIndexTests
{
    public static TheoryData<string> Grammars => ["prompt_injection", "refusal"];

    [Theory]
    [MemberData(nameof(Grammars))]
    public void Marks_exactly_the_literals_the_text_contains(string grammar)
    {
        var rules = RuleSet(grammar);
        var literals = rules.Literals;

        // Texts built from the literals themselves (whole, cut, or overlapping), Chinese and English filler, spaces.
        var piece = Gen.Frequency(
            (4, Gen.Int[0, literals.Count - 1].Select(i => literals[i])),
            (2, Gen.Int[0, literals.Count - 1].SelectMany(i => Gen.Int[0, literals[i].Length].Select(cut => literals[i][..cut]))),
            (2, Gen.Char['\u4E00', '\u9FFF'].Array[1, 4].Select(chars => new string(chars))),
            (2, Gen.OneOfConst("the ", "a", " ", "，", "。", "\n", "你", "系", "模", "ignore", "mode", ":", "#", "[")));
        piece.Array[0, 30].Select(parts => string.Concat(parts)).Sample(text =>
        {
            var present = new bool[literals.Count];
            rules.MarkPresentLiterals(text, present);
            for (int i = 0; i < literals.Count; i++)
            {
                Assert.True(text.Contains(literals[i], StringComparison.Ordinal) == present[i], $"literal \"{literals[i]}\" in \"{text}\"");
            }
        }, iter: 5_000);
    }

    private static GrammarRuleSet RuleSet(string grammar) => grammar == "refusal" ? RefusalDetector.RuleSet : PromptInjectionDetector.RuleSet;
}
