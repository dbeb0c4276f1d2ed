using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CsCheck;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>
/// The input and output are decoded to UTF-16 while the scanner finds their end (<see cref="Utf16Text"/>). Checked
/// against the two steps it replaced (unescape to UTF-8, then the framework's transcoder) and against
/// System.Text.Json: the same characters, and invalid UTF-8 refused by both.
/// </summary>
public class StringDecodingPropertyTests
{
    // Writes non-ASCII characters as UTF-8 rather than \uXXXX escapes, as inference servers mostly do.
    private static readonly JsonSerializerOptions Relaxed = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Raw string contents as JSON writes them: any text escaped by a serializer, or escapes written by hand.</summary>
    private static readonly Gen<byte[]> EscapedJsonString = Gen.Frequency(
        (3, Gen.String.Select(text => RawContent(JsonSerializer.Serialize(text)))),
        (2, Gen.String[Gen.Char, 0, 200].Select(text => RawContent(JsonSerializer.Serialize(text, Relaxed)))),
        (2, Gen.OneOfConst(
                "\\n", "a\\tb", "\\u4f60\\u597d", "\\ud83d\\ude00", "\\ud800", "\\ud800x", "\\udc00\\ud800", "\\ud83d\\u0041", "\\ud83d\\n", "\\\"\\\\\\/",
                "末尾\\n", "\\b\\f\\r", "😀", "\\u0000", "\\uD83D\\uDE00",
                "\\u4f60\\u597d\\u4e16\\u754c", "\\u4f60\\ud83d", "\\u4F60\\u597D\\ud83d\\ude00\\u4e16")
            .Array[1, 6]
            .Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)))));

    [Fact]
    public void Decoding_while_scanning_equals_unescaping_then_transcoding()
    {
        EscapedJsonString.Sample(raw =>
        {
            var (valid, text) = DecodeWhileScanning(raw);
            var (referenceValid, reference) = UnescapeThenTranscode(raw);
            Assert.Equal(referenceValid, valid);
            if (valid)
            {
                Assert.Equal(reference, text);
            }
        });
    }

    [Fact]
    public void Decoding_serialized_text_gives_the_text_back()
    {
        Gen.String.Sample(original =>
        {
            var (valid, text) = DecodeWhileScanning(RawContent(JsonSerializer.Serialize(original)));
            Assert.True(valid);

            // System.Text.Json writes a lone surrogate as its escape; the decoder (like the rules) sees U+FFFD there.
            string expected = string.Concat(original.EnumerateRunes().Select(rune => rune.ToString()));
            Assert.Equal(expected, text);
        });
    }

    [Theory]
    [InlineData(new byte[] { 0xE4, 0xB8, (byte)'\\', (byte)'n', 0xAD })] // a sequence cut by an escape
    [InlineData(new byte[] { (byte)'a', (byte)'\\', (byte)'n', 0xFF })]
    [InlineData(new byte[] { 0xC0, 0xAF, (byte)'\\', (byte)'t' })] // overlong
    [InlineData(new byte[] { (byte)'x', 0xE4, 0xB8 })] // cut at the closing quote
    public void Invalid_utf8_around_escapes_is_refused_as_before(byte[] raw)
    {
        Assert.False(UnescapeThenTranscode(raw).Valid);
        Assert.False(DecodeWhileScanning(raw).Valid);
    }

    [Fact]
    public void A_text_longer_than_the_buffer_grows_it()
    {
        byte[] raw = Encoding.UTF8.GetBytes(string.Concat(Enumerable.Repeat("长文本\\n", 3000)));
        var (valid, text) = DecodeWhileScanning(raw, initialBuffer: 16);
        Assert.True(valid);
        Assert.Equal(string.Concat(Enumerable.Repeat("长文本\n", 3000)), text);
    }

    private static (bool Valid, string Text) DecodeWhileScanning(byte[] raw, int initialBuffer = 4)
    {
        byte[] line = [.. "{\"output\": \""u8, .. raw, .. "\"}"u8];
        var scanner = new JsonLineScanner(line);
        Assert.True(scanner.Read()); // {
        Assert.True(scanner.Read()); // "output":
        var text = new Utf16Text(new char[initialBuffer]);
        Assert.True(scanner.ReadDecodingString(ref text), scanner.Error);
        Assert.Equal(JsonToken.String, scanner.Token);
        Assert.True(raw.AsSpan().SequenceEqual(scanner.ValueSpan));
        return (text.IsValidUtf8, text.IsValidUtf8 ? text.Chars.ToString() : "");
    }

    private static (bool Valid, string Text) UnescapeThenTranscode(byte[] raw)
    {
        byte[] utf8 = new byte[4];
        int length = JsonStringDecoder.Unescape(raw, ref utf8);
        char[] chars = new char[length];
        bool valid = Utf8.ToUtf16(utf8.AsSpan(0, length), chars, out _, out int written, replaceInvalidSequences: false) == OperationStatus.Done;
        return (valid, valid ? new string(chars, 0, written) : "");
    }

    private static byte[] RawContent(string json) => Encoding.UTF8.GetBytes(json[1..^1]);
}
