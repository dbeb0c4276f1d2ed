using System.Text;
using System.Text.Json;
using CsCheck;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>
/// The one-pass decoder (escapes resolved while transcoding) against the two-step one it replaced (unescape to UTF-8,
/// then transcode) and against System.Text.Json: same characters, and invalid UTF-8 refused by both.
/// </summary>
public class JsonStringDecoderPropertyTests
{
    // Writes non-ASCII characters as UTF-8 rather than \uXXXX escapes, as inference servers mostly do.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Raw string contents as JSON writes them: any text escaped by a serializer, or escapes written by hand.</summary>
    private static readonly Gen<byte[]> EscapedJsonString = Gen.Frequency(
        (3, Gen.String.Select(text => RawContent(JsonSerializer.Serialize(text)))),
        (2, Gen.String[Gen.Char, 0, 200].Select(text => RawContent(JsonSerializer.Serialize(text, Relaxed)))),
        (2, Gen.OneOfConst(
                "\\n", "a\\tb", "\\u4f60\\u597d", "\\ud83d\\ude00", "\\ud800", "\\ud800x", "\\udc00\\ud800", "\\ud83d\\u0041", "\\\"\\\\\\/", "末尾\\n", "\\b\\f\\r")
            .Array[1, 6]
            .Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)))));

    [Fact]
    public void One_pass_decoding_equals_unescaping_then_transcoding()
    {
        EscapedJsonString.Sample(raw =>
        {
            byte[] utf8 = new byte[4];
            int utf8Length = JsonStringDecoder.Unescape(raw, ref utf8);
            char[] twoStep = new char[4];
            bool twoStepValid = JsonStringDecoder.TryToUtf16(utf8.AsSpan(0, utf8Length), ref twoStep, out int twoStepLength);

            char[] onePass = new char[4];
            bool onePassValid = JsonStringDecoder.TryUnescapeToUtf16(raw, ref onePass, out int onePassLength);

            Assert.Equal(twoStepValid, onePassValid);
            if (onePassValid)
            {
                Assert.Equal(new string(twoStep, 0, twoStepLength), new string(onePass, 0, onePassLength));
            }
        });
    }

    [Fact]
    public void One_pass_decoding_of_serialized_text_gives_the_text_back()
    {
        Gen.String.Sample(text =>
        {
            byte[] raw = RawContent(JsonSerializer.Serialize(text));
            char[] chars = [];
            Assert.True(JsonStringDecoder.TryUnescapeToUtf16(raw, ref chars, out int length));

            // System.Text.Json writes a lone surrogate as its escape; the decoder (like the rules) sees U+FFFD there.
            string expected = string.Concat(text.EnumerateRunes().Select(rune => rune.ToString()));
            Assert.Equal(expected, new string(chars, 0, length));
        });
    }

    [Theory]
    [InlineData(new byte[] { 0xE4, 0xB8, (byte)'\\', (byte)'n', 0xAD })] // a sequence cut by an escape
    [InlineData(new byte[] { (byte)'a', (byte)'\\', (byte)'n', 0xFF })]
    [InlineData(new byte[] { 0xC0, 0xAF, (byte)'\\', (byte)'t' })] // overlong
    public void Invalid_utf8_around_escapes_is_refused_as_before(byte[] raw)
    {
        byte[] utf8 = [];
        int utf8Length = JsonStringDecoder.Unescape(raw, ref utf8);
        char[] chars = [];
        Assert.False(JsonStringDecoder.TryToUtf16(utf8.AsSpan(0, utf8Length), ref chars, out _));
        Assert.False(JsonStringDecoder.TryUnescapeToUtf16(raw, ref chars, out _));
    }

    private static byte[] RawContent(string json) => Encoding.UTF8.GetBytes(json[1..^1]);
}
