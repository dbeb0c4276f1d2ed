using System.Buffers;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using CsCheck;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>
/// <see cref="Utf8Transcoder"/> against the steps it replaced — find the string's next stop
/// (<see cref="JsonStringStops"/>), run the framework's transcoder (no replacement) on the bytes before it, and go on
/// past a one-character escape with its character: the same stop and the same verdict on every byte sequence, and the
/// same characters when they are valid. The generators aim at its vector step: long runs of three-byte characters
/// (ideographs, Chinese punctuation), the leads it must leave to the scalar step (E0, ED), and ASCII, two- and
/// four-byte characters, escapes (the eight it decodes, \u, invalid ones, a backslash at the end) and malformed bytes
/// at every offset of a block.
/// </summary>
public class Utf8TranscoderPropertyTests
{
    // Three-byte characters of every lead: E0 (U+0800-0FFF), E1-EC, ED (U+D000-D7FF, Hangul), EE-EF (U+E000-FFFF).
    private static readonly Gen<char> ThreeByteChar = Gen.Frequency(
        (8, Gen.Char['\u4E00', '\u9FFF']),
        (2, Gen.OneOfConst('，', '。', '：', '！', '？', '、', '“', '”', '（', '）', '\u3000', '\uFF01', '\uFFFD', '\uFEFF')),
        (1, Gen.Char['\u0800', '\u0FFF']),
        (1, Gen.Char['\uD000', '\uD7FF']),
        (1, Gen.Char['\uE000', '\uFFFF']));

    // Chinese as Python's json.dumps writes it by default (ensure_ascii): runs of \u escapes, sometimes a surrogate or a
    // broken one among them, so that every position of the four-escape vector step meets each.
    private static readonly Gen<string> UnicodeEscapes =
        Gen.Frequency(
            (12, Gen.Char['\u4E00', '\u9FFF'].Select(c => $"\\u{(int)c:x4}")),
            (2, Gen.Char['\u0000', '\uFFFF'].Select(c => $"\\u{(int)c:X4}")),
            (1, Gen.OneOfConst(@"\ud83d", @"\ude00", @"\u12", @"\u12x4", "a", "中", @"\n")))
        .Array[1, 30]
        .Select(parts => string.Concat(parts));

    private static readonly Gen<string> OtherText = Gen.OneOf(
        Gen.Char['a', 'z'].Array[1, 20].Select(chars => new string(chars)),
        Gen.Char['\u0080', '\u07FF'].Array[1, 5].Select(chars => new string(chars)),
        Gen.OneOfConst("😀", "𠀀", "𝄞", " ", "1", "A9", "\n", "\"", "\\", "\u001f", "\t"),
        Gen.OneOfConst(@"\n", @"\n\n", @"\""", @"\\", @"\/", @"\t", @"\r", @"\b", @"\f", @"\u4e2d", @"\x", @"\ ", @"\中", @"\"),
        Gen.OneOfConst(@"\u4E2D", @"\u0041", @"\u0000", @"\uffff", @"\ud83d\ude00", @"\ud800", @"\udfff", @"\uDBFF", @"\ud7ff", @"\ue000", @"\u4e2", @"\u4e2g", @"\u", @"\U4e2d", @"\u00e9", @"\u 4e2"),
        UnicodeEscapes);

    private static readonly Gen<byte[]> MostlyChinese = Gen.Frequency(
            (6, ThreeByteChar.Array[1, 40].Select(chars => new string(chars))),
            (2, OtherText))
        .Array[1, 12]
        .Select(parts => Encoding.UTF8.GetBytes(string.Concat(parts)));

    /// <summary>Valid text with one to three bytes overwritten by arbitrary ones (any byte at any offset).</summary>
    private static readonly Gen<byte[]> Damaged =
        Gen.Select(MostlyChinese, Gen.Select(Gen.Int[0, 10_000], Gen.Byte).Array[1, 3], (bytes, damage) =>
        {
            foreach (var (at, value) in damage)
            {
                bytes[at % bytes.Length] = value;
            }

            return bytes;
        });

    private static readonly Gen<byte[]> AnyBytes = Gen.Frequency(
        (4, MostlyChinese),
        (4, Damaged),
        (1, Gen.Byte.Array[0, 64]),
        (1, Gen.Byte[0x80, 0xFF].Array[0, 64]));

    [Fact]
    public void Same_stop_verdict_and_characters_as_the_framework()
    {
        AnyBytes.Sample(bytes =>
        {
            var (stop, valid, text) = Transcode(bytes);
            var (referenceStop, referenceValid, reference) = Reference(bytes);
            Assert.Equal(referenceStop, stop);
            Assert.Equal(referenceValid, valid);
            if (valid)
            {
                Assert.Equal(reference, text);
            }
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("E0 80 80 E4 B8 AD E4 B8 AD E4 B8 AD E4 B8 AD E4")] // overlong three-byte form first in a block
    [InlineData("E4 B8 AD ED A0 80 E4 B8 AD E4 B8 AD E4 B8 AD E4")] // an encoded surrogate inside a block
    [InlineData("E4 B8 AD E4 B8 AD E4 B8 AD E4 B8 E4 B8 AD E4 B8")] // a sequence cut short
    [InlineData("E4 B8 AD E4 B8 AD E4 B8 AD E4 B8 AD E4 B8")] // cut at the end
    [InlineData("C0 AF")]
    [InlineData("F4 90 80 80")] // above U+10FFFF
    [InlineData("80")]
    [InlineData("E4 B8 22 E4 B8 AD E4 B8 AD E4 B8 AD E4 B8 AD E4 B8 AD")] // a sequence cut by a quote
    [InlineData("E4 B8 AD E4 B8 AD E4 B8 AD E4 B8 AD E4 B8 AD ED A0 80 E4 B8 AD E4 B8 AD E4 B8 AD E4 B8 AD")] // an encoded surrogate in the second block
    [InlineData("E4 B8 AD E4 B8 AD E4 B8 AD E4 B8 AD E4 B8 AD E4 B8 AD E4 B8 AD E4 B8 E4 B8 AD E4 B8 AD E4 B8")] // the eighth sequence cut short (a third block)
    [InlineData("61 62 63 64 65 66 67 68 69 6A 6B 6C 6D 6E 6F 70 71 72 73 74 75 76 77 78 79 7A 41 42 43 44 45 FF 46")]
    public void Malformed_sequences_are_refused(string hex)
    {
        byte[] bytes = Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
        Assert.False(Reference(bytes).Valid);
        Assert.False(Transcode(bytes).Valid);
        Assert.Equal(Reference(bytes).Stop, Transcode(bytes).Stop);
    }

    [Theory]
    [InlineData("中文模型推理集群上线了智能客服的第二版，目前仍在复盘中。")]
    [InlineData("一二三四五六七八九十甲乙丙丁戊己庚辛壬癸子丑寅卯辰巳午未申酉戌亥，天干地支。")]
    [InlineData("ࠀ\u0FFF한국어 텍스트\uD7A3中文\uFFFD\uFEFF")]
    [InlineData("mixed 中文 and English, 2024年12月6日 😀 done")]
    [InlineData("an ASCII run longer than one vector step of thirty-two bytes, and then some more")]
    public void Valid_text_comes_back_unchanged(string text)
    {
        var (stop, valid, decoded) = Transcode(Encoding.UTF8.GetBytes(text));
        Assert.Equal(-1, stop);
        Assert.True(valid);
        Assert.Equal(text, decoded);
    }

    [Theory]
    [InlineData(@"第一段\n\n第二段，\""引用\""，路径 C:\\tmp\/x\t\r\b\f完", "第一段\n\n第二段，\"引用\"，路径 C:\\tmp/x\t\r\b\f完", -1)]
    [InlineData(@"an ASCII run longer than one vector step\nof thirty-two bytes \u0041 then \ud83d\ude00", "an ASCII run longer than one vector step\nof thirty-two bytes A then ", 74)]
    [InlineData(@"\u4e2d\u6587\u6a21\u578b\u63a8\u7406\u0041\u00e9\uFFFD\u4E2D\ud83d", "中文模型推理Aé\uFFFD中", 60)]
    [InlineData(@"\u4e2d\u6587\u6a21\u578b\u63a8\u7406\u4e2g", "中文模型推理", 36)]
    [InlineData(@"\u4e2d\u6587\u6a2", "中文", 12)]
    [InlineData(@"中文\x", "中文", 6)]
    [InlineData(@"trailing backslash\", "trailing backslash", 18)]
    public void Decodes_one_character_escapes_and_stops_at_any_other(string json, string expected, int stop)
    {
        bool escaped = false;
        byte[] bytes = Encoding.UTF8.GetBytes(json);
        char[] chars = new char[bytes.Length];
        Assert.Equal(stop, Utf8Transcoder.TranscodeToStop(bytes, chars, out int written, out bool valid, ref escaped));
        Assert.True(valid);
        Assert.Equal(expected, new string(chars, 0, written));
        Assert.Equal(expected.Length < Encoding.UTF8.GetString(bytes, 0, stop < 0 ? bytes.Length : stop).Length, escaped);
    }

    [Theory]
    [InlineData("前面的中文内容一共有十二个字符\"后面", 15)]
    [InlineData("ASCII text that runs past thirty-two bytes before the \\ backslash", 54)]
    [InlineData("tab\there", 3)]
    public void Stops_at_the_first_quote_backslash_or_control_character(string text, int stopChars)
    {
        var (stop, valid, decoded) = Transcode(Encoding.UTF8.GetBytes(text));
        Assert.True(valid);
        Assert.Equal(text[..stopChars], decoded);
        Assert.Equal(Encoding.UTF8.GetByteCount(text[..stopChars]), stop);
    }

    [Fact]
    public void Every_byte_after_a_backslash_escapes_what_System_Text_Json_says()
    {
        for (int letter = 0; letter <= byte.MaxValue; letter++)
        {
            Assert.Equal(OneCharacterEscape((byte)letter) ?? '\0', Utf8Transcoder.EscapedChar((byte)letter));
        }
    }

    private static (int Stop, bool Valid, string Text) Transcode(byte[] bytes)
    {
        char[] chars = new char[bytes.Length];
        bool escaped = false;
        int stop = Utf8Transcoder.TranscodeToStop(bytes, chars, out int written, out bool valid, ref escaped);
        return (stop, valid, valid ? new string(chars, 0, written) : "");
    }

    // Run by run: the framework's transcoder up to each stop, then the escape's character when it is a one-character escape.
    private static (int Stop, bool Valid, string Text) Reference(byte[] bytes)
    {
        var text = new StringBuilder();
        int start = 0;
        while (true)
        {
            int stop = JsonStringStops.IndexOf(bytes.AsSpan(start));
            var run = stop < 0 ? bytes.AsSpan(start) : bytes.AsSpan(start, stop);
            char[] chars = new char[run.Length];
            if (Utf8.ToUtf16(run, chars, out _, out int written, replaceInvalidSequences: false) != OperationStatus.Done)
            {
                return (stop < 0 ? -1 : start + stop, false, "");
            }

            text.Append(chars, 0, written);
            if (stop < 0)
            {
                return (-1, true, text.ToString());
            }

            int at = start + stop;
            char? escape = bytes[at] == (byte)'\\' && at + 1 < bytes.Length ? OneCharacterEscape(bytes[at + 1]) : null;
            if (escape is not null)
            {
                text.Append(escape.Value);
                start = at + 2;
                continue;
            }

            char? unit = bytes[at] == (byte)'\\' ? UnicodeEscape(bytes.AsSpan(at)) : null;
            if (unit is null || char.IsSurrogate(unit.Value))
            {
                return (at, true, text.ToString());
            }

            text.Append(unit.Value);
            start = at + 6;
        }
    }

    // A \u escape's code unit as System.Text.Json reads the escape on its own; null when it refuses it. A surrogate
    // (which it will not decode alone) comes back as U+D800: the transcoder leaves every surrogate to its caller.
    private static char? UnicodeEscape(ReadOnlySpan<byte> escape)
    {
        if (escape.Length < 6 || escape[1] != (byte)'u')
        {
            return null;
        }

        var reader = new Utf8JsonReader([(byte)'"', .. escape[..6], (byte)'"']);
        try
        {
            reader.Read();
            return reader.GetString() is [char character] ? character : null;
        }
        catch (JsonException)
        {
            return null;
        }
        catch (InvalidOperationException)
        {
            return '\uD800';
        }
    }

    // System.Text.Json decides which two-byte escapes exist and what they stand for (\u needs four more bytes: none).
    private static char? OneCharacterEscape(byte letter)
    {
        var reader = new Utf8JsonReader([(byte)'"', (byte)'\\', letter, (byte)'"']);
        try
        {
            reader.Read();
            return reader.GetString() is [char character] ? character : null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
