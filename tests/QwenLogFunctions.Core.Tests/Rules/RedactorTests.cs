using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Core.Tests.Rules;

public class RedactorTests
{
    [Fact]
    public void Detected_items_are_masked_in_previews()
    {
        string text = "身份证 11010519491231002X，卡 4111 1111 1111 1111，手机 13812345678，邮件 a@example.com，key sk-Xq7vR2mKp9LtW4zH8nBc3YdF6sJa1GeU5oQi";
        Assert.Equal("身份证 [ID]，卡 [CARD]，手机 [PHONE]，邮件 [EMAIL]，key [SECRET]", Redactor.Preview(text, 500));
    }

    [Fact]
    public void Overlapping_findings_are_masked_as_their_union()
    {
        // The phone number is the local part of the address: neither the number nor the domain may stay visible.
        string preview = Redactor.Preview("mail 13800138000@139.com now", 100);
        Assert.DoesNotContain("139.com", preview, StringComparison.Ordinal);
        Assert.DoesNotContain("13800138000", preview, StringComparison.Ordinal);
        Assert.EndsWith(" now", preview, StringComparison.Ordinal);
    }

    [Fact]
    public void Previews_are_cut_with_an_ellipsis()
    {
        Assert.Equal("abcde…", Redactor.Preview("abcdefghij", 5));
        Assert.Equal("abc", Redactor.Preview("abc", 5));
    }

    [Fact]
    public void A_number_cut_at_the_window_edge_is_masked()
    {
        // The card starts inside the preview; the lookahead sees it whole and masks it.
        string text = new string('a', 195) + " 4111111111111111 " + new string('b', 500);
        string preview = Redactor.Preview(text, 200);
        Assert.DoesNotContain("4111", preview, StringComparison.Ordinal);

        // A digit run longer than the lookahead is still hidden at the cut.
        string run = new string('a', 190) + " " + new string('7', 400);
        Assert.DoesNotContain("7777", Redactor.Preview(run, 200), StringComparison.Ordinal);
    }

    [Fact]
    public void Surrogate_pairs_are_not_split()
    {
        string text = new string('a', 4) + "😀" + "tail";
        string preview = Redactor.Preview(text, 5);
        Assert.Equal("aaaa…", preview);
    }
}
