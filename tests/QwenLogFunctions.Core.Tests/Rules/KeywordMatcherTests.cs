using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Core.Tests.Rules;

public class KeywordMatcherTests
{
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
}
