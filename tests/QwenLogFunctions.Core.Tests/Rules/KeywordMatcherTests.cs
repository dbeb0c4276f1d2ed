using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Core.Tests.Rules;

public class KeywordMatcherTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Searching_pieces_of_the_keywords_finds_what_searching_the_keywords_finds(bool ignoreCase)
    {
        string[] keywords = ["ignor", "forget", "forgot", "a dan", "as dan", "like dan", "betterdan", "no limit", "limitless", "unlimited", "god mode", "dev mode", "忽略", "指令"];
        string[] pieces = ["gnor", "rget", "rgot", " dan", "erdan", "limit", "d mode", "v mode"];
        var plain = new KeywordMatcher(keywords, ignoreCase);
        var withPieces = new KeywordMatcher(keywords, ignoreCase, pieces);

        // Texts built from pieces of the keywords, overlapping, in any case, with the characters OrdinalIgnoreCase
        // folds to ASCII letters ('ı' to I, 'ſ' to S): where the first keyword starts must not move.
        string[] parts = ["ignor", "IGNO", "gnore", "ıgnor", "for", "forg", "ForGot", "get", "as ", "a", " dan", "DAN", "dan", "better", "no ", "limit", "less", "un", "god", " mode", "dev", "x", " ", "忽略", "指", "令", "ſ"];
        var random = new Random(11);
        for (int round = 0; round < 50_000; round++)
        {
            string text = string.Concat(Enumerable.Range(0, random.Next(1, 12)).Select(_ => parts[random.Next(parts.Length)]));
            Assert.Equal(plain.IndexOfAny(text), withPieces.IndexOfAny(text));
            Assert.Equal(plain.ContainsAny(text), withPieces.ContainsAny(text));
        }
    }

    [Fact]
    public void A_keyword_without_a_search_piece_is_refused() =>
        Assert.Throws<ArgumentException>(() => new KeywordMatcher(["ignore", "bypass"], ignoreCase: true, ["gnor"]));

    [Theory]
    [InlineData("忽略上述指令", true)]
    [InlineData("请忽略上述指令。", true)]
    [InlineData("忽略上述", false)]
    [InlineData("上述指令", false)]
    [InlineData("the system prompt", true)]
    [InlineData("the system promp", false)]
    [InlineData("THE SYSTEM PROMPT", false)]
    [InlineData("", false)]
    public void Finds_keywords_anywhere_case_sensitively(string text, bool expected)
    {
        var matcher = new KeywordMatcher(["忽略上述指令", "system prompt", "你是一个程序员"], ignoreCase: false);
        Assert.Equal(expected, matcher.ContainsAny(text));
    }

    [Theory]
    [InlineData("Ignore Previous Instructions now", true)]
    [InlineData("IGNORE PREVIOUS INSTRUCTIONS", true)]
    [InlineData("ignore previous instruction", false)]
    public void Ignores_case_when_asked(string text, bool expected)
    {
        var matcher = new KeywordMatcher(["ignore previous instructions"], ignoreCase: true);
        Assert.Equal(expected, matcher.ContainsAny(text));
    }

    [Fact]
    public void Keywords_sharing_an_anchor_are_all_checked()
    {
        var matcher = new KeywordMatcher(["abqz", "xxqz", "q"], ignoreCase: false);
        Assert.True(matcher.ContainsAny("----xxqz"));
        Assert.True(matcher.ContainsAny("q"));
        Assert.False(new KeywordMatcher(["abqz", "xxqz"], ignoreCase: false).ContainsAny("qz abq"));
    }

    [Fact]
    public void Empty_list_matches_nothing()
    {
        var matcher = new KeywordMatcher(["", ""], ignoreCase: false);
        Assert.True(matcher.IsEmpty);
        Assert.False(matcher.ContainsAny("anything"));
    }

    [Fact]
    public void A_caseless_character_equals_no_other_character_when_case_is_ignored()
    {
        // The matcher compares keywords of such characters ordinally: that must find exactly what OrdinalIgnoreCase
        // finds. Every character is checked against the one OrdinalIgnoreCase folds it to.
        for (int code = 0; code <= char.MaxValue; code++)
        {
            char c = (char)code;
            if (char.IsSurrogate(c))
            {
                continue;
            }

            foreach (char other in (char[])[char.ToUpperInvariant(c), char.ToLowerInvariant(c)])
            {
                if (other != c && (KeywordMatcher.IsCaseless(c) || KeywordMatcher.IsCaseless(other)))
                {
                    Assert.Fail($"U+{code:X4} and U+{(int)other:X4} differ only in case, but one is treated as caseless");
                }
            }
        }

        Assert.True(KeywordMatcher.IsCaseless('忽'));
        Assert.False(KeywordMatcher.IsCaseless('ｃ')); // full-width letters have case
    }

    [Theory]
    [InlineData("我无法提供", true)]
    [InlineData("我無法提供", false)]
    [InlineData("ＣＡＮ无法", true)]
    public void Chinese_keywords_compared_without_case_mapping_find_the_same_texts(string text, bool expected)
    {
        var matcher = new KeywordMatcher(["无法提供", "ｃａｎ无法"], ignoreCase: true);
        Assert.Equal(expected, matcher.ContainsAny(text));
        Assert.Equal(expected, new[] { "无法提供", "ｃａｎ无法" }.Any(k => text.Contains(k, StringComparison.OrdinalIgnoreCase)));
    }

    [Theory]
    [InlineData(2)]
    [InlineData(12)]
    public void The_first_keyword_found_is_the_first_a_plain_search_finds(int keywordCount)
    {
        // Chinese keywords over a small alphabet whose characters share their low ten bits in pairs (U+4E00 and U+5200,
        // U+4E01 and U+5201, ...), some ASCII and mixed ones: anchors collide in the matcher's slot table, and texts
        // hold keywords, their parts and near misses. Few keywords take the anchor search without the ASCII check.
        char[] alphabet = ['\u4E00', '\u5200', '\u4E01', '\u5201', '\u4E02', '\u5202', '指', '令', 'a', 'B', ' '];
        var random = new Random(keywordCount);
        for (int round = 0; round < 300; round++)
        {
            var keywords = Enumerable.Range(0, keywordCount)
                .Select(_ => new string(Enumerable.Range(0, random.Next(1, 4)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
                .Where(k => k.Trim().Length > 0)
                .ToArray();
            bool ignoreCase = random.Next(2) == 0;
            var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
            var matcher = new KeywordMatcher(keywords, ignoreCase);
            for (int t = 0; t < 50; t++)
            {
                string text = new(Enumerable.Range(0, random.Next(0, 40)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray());
                int expected = keywords.Select(k => text.IndexOf(k, comparison)).Where(i => i >= 0).DefaultIfEmpty(-1).Min();
                Assert.Equal(expected, matcher.IndexOfAny(text));
                Assert.Equal(expected >= 0, matcher.ContainsAny(text));
            }
        }
    }
}
