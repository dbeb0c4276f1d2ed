using CsCheck;
using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Core.Tests.Rules;

/// <summary>
/// <see cref="AsciiLiteralIndex"/> marks exactly the literals a text contains: random sets of literals of one to five
/// characters over a small alphabet (so they overlap and repeat), in texts that also hold characters whose low five
/// bits are those of the letters (the hash sees only those), at the start, the end and everywhere between.
/// </summary>
public class AsciiLiteralIndexTests
{
    private static readonly Gen<char> Alphabet = Gen.OneOfConst('a', 'b', 'c', ' ', ':', '<', 'A', '!', '\u007F', '\u0080', 'á', 'â', '\u4E01', '\u4E02');

    [Fact]
    public void Marks_exactly_the_literals_the_text_contains()
    {
        var literals = Gen.OneOfConst('a', 'b', 'c', ' ', ':', '<', 'A', '!', '\u007F', 'é').Array[0, 5].Select(chars => new string(chars)).Array[1, 12];
        var texts = Alphabet.Array[0, 90].Select(chars => new string(chars));
        Gen.Select(literals, texts).Sample((set, text) =>
        {
            var index = new AsciiLiteralIndex(set);
            var present = new bool[set.Length];
            index.MarkPresent(text, present);
            for (int i = 0; i < set.Length; i++)
            {
                bool expected = set[i].Length > 0 && System.Text.Ascii.IsValid(set[i]) && text.Contains(set[i], StringComparison.Ordinal);
                Assert.True(expected == present[i], $"literal \"{set[i]}\" in \"{text}\"");
            }
        }, iter: 20_000);
    }

    [Fact]
    public void Leaves_marks_already_set()
    {
        var index = new AsciiLiteralIndex(["ab", "x"]);
        bool[] present = [true, true];
        index.MarkPresent("nothing here", present);
        Assert.Equal([true, true], present);
    }

    [Theory]
    [InlineData("ab", "xab", true)] // a two-character literal at the very end
    [InlineData("ab", "abx", true)]
    [InlineData("ab", "a", false)]
    [InlineData("abc", "áâã", false)] // same low five bits as "abc", other characters
    [InlineData(":", "turn:", true)]
    [InlineData("中文", "中文", false)] // not ASCII: left to other means
    public void Examples(string literal, string text, bool expected)
    {
        var present = new bool[1];
        new AsciiLiteralIndex([literal]).MarkPresent(text, present);
        Assert.Equal(expected, present[0]);
    }
}
