using CsCheck;
using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Core.Tests.Rules;

/// <summary>
/// The one-pass literal search against its definition read position by position: literal sets of one to five
/// characters from a small alphabet (so literals share buckets and fingerprints collide), texts of every length around
/// the 32-position step with those letters, Chinese, Latin-1 and characters whose low byte or saturation mimics an
/// ASCII letter, searched from every kind of start.
/// </summary>
public class MultiLiteralSearchTests
{
    private const string Alphabet = "abcAB:~-_.0";

    private static readonly Gen<string[]> LiteralSets = Gen.String[Gen.Char[Alphabet], 1, 5].Array[1, 24]
        .Select(literals => literals.Distinct(StringComparer.Ordinal).ToArray());

    private static readonly Gen<string> Texts = Gen.Frequency(
            (8, Gen.Char[Alphabet]),
            (1, Gen.OneOfConst(' ', 'z', 'Z', '\u00E1', '\u0161', '\u0141', '\u4E00', '\u9FA5', '\u8061', '\uFF41', '\uFFFF', '\0')))
        .Array[0, 130]
        .Select(chars => new string(chars));

    [Fact]
    public void Finds_the_first_position_where_literals_start_and_which_ones()
    {
        Gen.Select(LiteralSets, Texts, Gen.Int[0, 140]).Sample((literals, text, from) =>
        {
            var search = new MultiLiteralSearch(literals);
            int start = Math.Min(from, text.Length);
            int at = search.IndexOfAny(text, start, out ulong matched);
            var (expectedAt, expectedMatched) = Naive(literals, text, start);
            Assert.Equal(expectedAt, at);
            Assert.Equal(expectedMatched, matched);
        }, iter: 10_000);
    }

    [Fact]
    public void Walking_from_each_match_to_the_next_finds_every_occurrence()
    {
        Gen.Select(LiteralSets, Texts).Sample((literals, text) =>
        {
            var search = new MultiLiteralSearch(literals);
            var found = new List<(int, ulong)>();
            int position = 0;
            while (search.IndexOfAny(text, position, out ulong matched) is var at and >= 0)
            {
                found.Add((at, matched));
                position = at + 1;
            }

            var expected = new List<(int, ulong)>();
            for (int i = 0; i < text.Length; i++)
            {
                ulong matched = Matched(literals, text, i);
                if (matched != 0)
                {
                    expected.Add((i, matched));
                }
            }

            Assert.Equal(expected, found);
        }, iter: 3_000);
    }

    [Theory]
    [InlineData("", -1, 0UL)]
    [InlineData("SK", 0, 0b10UL)]
    [InlineData("the key AKIAXYZ comes after thirty-two characters of prose", 8, 0b1UL)]
    [InlineData("no anchor here, only sk and ak and a s k in lower case, long enough for two steps", -1, 0UL)]
    public void Examples(string text, int expectedAt, ulong expectedMatched)
    {
        var search = new MultiLiteralSearch(["AKIA", "SK", "xox"]);
        Assert.Equal(expectedAt, search.IndexOfAny(text, 0, out ulong matched));
        Assert.Equal(expectedMatched, matched);
    }

    [Fact]
    public void Finds_a_literal_after_a_vector_step_of_chinese()
    {
        var search = new MultiLiteralSearch(["AKIA", "SK", "xox"]);
        string text = new string('丁', 36) + "SK丁" + new string('丁', 40);
        Assert.Equal(36, search.IndexOfAny(text, 0, out ulong matched));
        Assert.Equal(0b10UL, matched);
        Assert.Equal(-1, search.IndexOfAny(text, 37, out _));
    }

    [Fact]
    public void Refuses_what_it_cannot_search_for()
    {
        Assert.Throws<ArgumentException>(() => new MultiLiteralSearch([]));
        Assert.Throws<ArgumentException>(() => new MultiLiteralSearch([""]));
        Assert.Throws<ArgumentException>(() => new MultiLiteralSearch(["密码"]));
        Assert.Throws<ArgumentException>(() => new MultiLiteralSearch([.. Enumerable.Range(0, 65).Select(n => n.ToString(System.Globalization.CultureInfo.InvariantCulture))]));
    }

    private static (int At, ulong Matched) Naive(string[] literals, string text, int start)
    {
        for (int i = start; i < text.Length; i++)
        {
            ulong matched = Matched(literals, text, i);
            if (matched != 0)
            {
                return (i, matched);
            }
        }

        return (-1, 0);
    }

    private static ulong Matched(string[] literals, string text, int at)
    {
        ulong matched = 0;
        for (int k = 0; k < literals.Length; k++)
        {
            if (text.AsSpan(at).StartsWith(literals[k], StringComparison.Ordinal))
            {
                matched |= 1UL << k;
            }
        }

        return matched;
    }
}
