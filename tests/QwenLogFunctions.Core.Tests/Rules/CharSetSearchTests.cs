using CsCheck;
using QwenLogFunctions.Core.Rules;
using Xunit;

namespace QwenLogFunctions.Core.Tests.Rules;

public class CharSetSearchTests
{
    // Sets of Chinese characters (most of them neighbours, sharing nibbles), with ASCII and other characters at times;
    // texts of members, characters one nibble away from a member, other Chinese text and anything else.
    private static readonly Gen<char[]> Sets = Gen.Frequency(
            (4, Gen.Char['\u4E00', '\u4E3F']),
            (4, Gen.Char['\u4E00', '\u9FFF']),
            (1, Gen.Char['\0', '\u007F']),
            (1, Gen.Char))
        .Array[1, 80];

    [Fact]
    public void Finds_the_next_member_as_the_framework_does()
    {
        var cases = Sets.SelectMany(set =>
        {
            var near = set.SelectMany(c => new[] { (char)(c ^ 0x1), (char)(c ^ 0x10), (char)(c ^ 0x100), (char)(c ^ 0x1000) }).ToArray();
            var text = Gen.Frequency(
                    (1, Gen.OneOfConst(set)),
                    (2, Gen.OneOfConst(near)),
                    (4, Gen.Char['\u4E00', '\u9FFF']),
                    (2, Gen.Char['\0', '\u007F']),
                    (1, Gen.Char))
                .Array[0, 140]
                .Select(chars => new string(chars));
            return text.Select(t => (Set: set, Text: t));
        });

        cases.Sample(testCase =>
        {
            var search = new CharSetSearch(testCase.Set);
            var members = new HashSet<char>(testCase.Set);
            for (int from = 0; from <= testCase.Text.Length; from++)
            {
                int expected = testCase.Text.AsSpan(from).IndexOfAny(testCase.Set);
                expected = expected < 0 ? -1 : from + expected;
                Assert.Equal(expected, search.IndexOfAny(testCase.Text, from, vectorized: CharSetSearch.IsVectorized));
                Assert.Equal(expected, search.IndexOfAny(testCase.Text, from, vectorized: false));
            }

            foreach (char c in testCase.Text)
            {
                Assert.Equal(members.Contains(c), search.Contains(c));
            }
        }, iter: 3000, threads: 1);
    }

    [Theory]
    [InlineData("理模统视示限码失管任收令密绕忘忽受", "我们先处理一下日志，然后用模型做推理", 4)]
    [InlineData("理模统视示限码失管任收令密绕忘忽受", "今天天气很好，适合出去走走。今天天气很好，适合出去走走。今天天气很好", -1)]
    [InlineData("abcdefg", "xyz", -1)]
    [InlineData("abcdefg", "                                        g", 40)]
    public void Examples(string set, string text, int expected) =>
        Assert.Equal(expected, new CharSetSearch(set.ToCharArray()).IndexOfAny(text, 0));
}
