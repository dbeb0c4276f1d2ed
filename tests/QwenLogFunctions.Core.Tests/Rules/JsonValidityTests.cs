using System.Text;
using CsCheck;
using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Core.Tests.Rules;

/// <summary>
/// The JSON check on decoded text (UTF-16, what the rules see) against the same check on its UTF-8 bytes (what the
/// output was checked on before): the same answer for JSON-like text of every shape, valid and broken, with escapes,
/// control characters, Chinese, emoji and lone surrogates in and outside strings.
/// </summary>
public class JsonValidityTests
{
    private static readonly string[] Pieces =
    [
        "{", "}", "[", "]", "\"", "\"", "\"", ":", ",", " ", "\n", "\t", "\r", "\\", "\\\"", "\\\\", "\\n", "\\u00e9", "\\ud83d\\ude00", "\\ud800",
        "\\x41", "\\u12", "0", "7", "-", "12.5", "1e9", "-0.5E-3", ".", "e", "NaN", "Infinity", "-Infinity", "true", "false", "null", "nul",
        "\"key\"", "\"值\"", "é", "中文", "😀", "\ud800", "\udc00", "\u0001", "\u0010", "\u001f", "a plain run longer than one vector step", "一段超过一个向量步长的中文文本内容", "\u007f", "\u00a0", "\u2028", "\uFEFF",
    ];

    private static readonly Gen<string> JsonLike = Gen.Frequency(
        (3, Gen.OneOfConst(Pieces).Array[0, 30].Select(parts => string.Concat(parts))),
        (2, Gen.Dictionary(Gen.String[Gen.Char.AlphaNumeric, 0, 6], Gen.OneOf(Gen.Int.Select(n => (object)n), Gen.String.Select(s => (object)s), Gen.Double.Select(d => (object)d)))[0, 6]
            .Select(map => System.Text.Json.JsonSerializer.Serialize(map))),
        (1, Gen.String));

    [Fact]
    public void Decoded_text_gets_the_answer_its_utf8_gets()
    {
        int valid = 0;
        JsonLike.Sample(text =>
        {
            bool expected = JsonValidity.IsValid(Encoding.UTF8.GetBytes(text));
            Assert.Equal(expected, JsonValidity.IsValid(text.AsSpan()));
            valid += expected ? 1 : 0;
        }, iter: 50_000, threads: 1);

        // Not one-sided: both answers occur often.
        Assert.InRange(valid, 5_000, 45_000);
    }

    [Theory]
    [InlineData("{\"a\": [1, 2.5, -3e2, \"x\\u00e9\"]}", true)]
    [InlineData("  \"中文 😀 \ud800\"  ", true)]
    [InlineData("[NaN, Infinity, -Infinity]", true)]
    [InlineData("{\"a\": \"tab\there\"}", false)]
    [InlineData("{\"a\": 1,}", false)]
    [InlineData("{\"a\": \"a plain run longer than one vector step\u001f and as long a run after it\"}", false)]
    [InlineData("中", false)]
    [InlineData("\"\\x\"", false)]
    [InlineData("[1] x", false)]
    public void Examples(string text, bool valid)
    {
        Assert.Equal(valid, JsonValidity.IsValid(text.AsSpan()));
        Assert.Equal(valid, JsonValidity.IsValid(Encoding.UTF8.GetBytes(text)));
    }

    [Fact]
    public void Whitespace_runs_of_any_length_are_skipped_and_nothing_else_is()
    {
        // Runs longer than a vector step, ending at every offset of one, and a character that is not JSON whitespace
        // (vertical tab, NUL, no-break space, a control character) anywhere in them.
        var run = Gen.OneOfConst(' ', '\t', '\n', '\r').Array[0, 80].Select(chars => new string(chars));
        var intruder = Gen.OneOfConst('\v', '\0', '\u00a0', '\u0001', '\u001f', 'x', '\u3000');
        Gen.Select(run, run, intruder, Gen.Int[0, 80], Gen.Bool).Sample((before, after, odd, at, spoil) =>
        {
            string gap = spoil ? before.Insert(Math.Min(at, before.Length), odd.ToString()) : before;
            foreach (string text in (string[])[$"[1,{gap}2]", $"{{{gap}\"k\"{after}:{gap}[]{after}}}", $"{gap}null{after}", $"{after}\"s\"{gap}"])
            {
                Assert.Equal(!spoil, JsonValidity.IsValid(text.AsSpan()));
                Assert.Equal(!spoil, JsonValidity.IsValid(Encoding.UTF8.GetBytes(text)));
            }
        }, iter: 20_000);
    }
}
