using System.Text;
using System.Text.Json;
using CsCheck;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>
/// The rewrite of lone surrogate escapes against its definition: after it, the framework reads every string of the
/// JSON (values and property names) without throwing, and reads what Python's decoder reads with each lone surrogate
/// as U+FFFD; pairs, escaped backslashes before "u" and everything else stay byte for byte.
/// </summary>
public class LoneSurrogateEscapesTests
{
    private static readonly Gen<char> Chars = Gen.Frequency(
        (6, Gen.Char['a', 'z']),
        (2, Gen.OneOfConst('\\', 'u', 'd', '8', 'c', '"', '\n', '中')),
        (2, Gen.Char['\ud800', '\udfff']),
        (1, Gen.Char));

    private static readonly Gen<string> Texts = Gen.String[Chars, 0, 40];

    [Fact]
    public void After_the_rewrite_every_string_reads_with_lone_surrogates_as_replacement_characters()
    {
        Gen.Select(Texts, Texts, Gen.Bool).Sample((key, value, lowerCaseHex) =>
        {
            // Escaped as Python's json.dumps does (the framework's serializer writes U+FFFD instead).
            string json = "{" + Quote(key, lowerCaseHex) + ":" + Quote(value, lowerCaseHex) + "}";

            byte[] utf8 = Encoding.UTF8.GetBytes(json);
            int replaced = LoneSurrogateEscapes.Replace(utf8);

            using var document = JsonDocument.Parse(utf8);
            var property = Assert.Single(document.RootElement.EnumerateObject().ToList());
            Assert.Equal(Scalars(key), property.Name);
            Assert.Equal(Scalars(value), property.Value.GetString());
            Assert.Equal(LoneSurrogates(key) + LoneSurrogates(value), replaced);
            Assert.False(LoneSurrogateEscapes.Any(utf8));
        });
    }

    [Theory]
    [InlineData("\"\\\\ud800\"")] // a backslash, then the text "ud800"
    [InlineData("\"\\\\\\\\ud800\"")]
    [InlineData("\"\\ud83d\\ude00\"")] // a pair
    [InlineData("\"\\uD83D\\uDE00\\u0041\"")]
    [InlineData("\"\\ud80\"")] // not four hex digits: the parser's error, not ours
    [InlineData("\"\\u00e9\"")]
    public void Leaves_everything_else_as_it_is(string json)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        Assert.False(LoneSurrogateEscapes.Any(utf8));
        Assert.Equal(0, LoneSurrogateEscapes.Replace(utf8));
        Assert.Equal(json, Encoding.UTF8.GetString(utf8));
    }

    [Theory]
    [InlineData("\"\\ud800\"", "\"\\ufffd\"")]
    [InlineData("\"\\\\\\udc00x\"", "\"\\\\\\ufffdx\"")] // an escaped backslash, then the escape
    [InlineData("\"\\ud83d\\ud83d\\ude00\"", "\"\\ufffd\\ud83d\\ude00\"")] // a high half, then a pair
    [InlineData("\"\\ude00\\ud83d\"", "\"\\ufffd\\ufffd\"")]
    [InlineData("\"\\ud83d\\n\"", "\"\\ufffd\\n\"")]
    public void Rewrites_each_lone_half(string json, string expected)
    {
        byte[] utf8 = Encoding.UTF8.GetBytes(json);
        Assert.True(LoneSurrogateEscapes.Any(utf8));
        LoneSurrogateEscapes.Replace(utf8);
        Assert.Equal(expected, Encoding.UTF8.GetString(utf8));
    }

    // Every surrogate (paired or not) and control character as a \\u escape, quotes and backslashes escaped.
    private static string Quote(string text, bool lowerCaseHex)
    {
        var quoted = new StringBuilder("\"");
        foreach (char c in text)
        {
            quoted.Append(c switch
            {
                '"' => "\\\"",
                '\\' => "\\\\",
                _ when char.IsSurrogate(c) || c < ' ' => "\\u" + ((int)c).ToString(lowerCaseHex ? "x4" : "X4", System.Globalization.CultureInfo.InvariantCulture),
                _ => c.ToString(),
            });
        }

        return quoted.Append('"').ToString();
    }

    private static string Scalars(string text) => string.Concat(text.EnumerateRunes().Select(rune => rune.ToString()));

    private static int LoneSurrogates(string text) => text.EnumerateRunes().Count(rune => rune == Rune.ReplacementChar) - text.Count(c => c == '\uFFFD');
}
