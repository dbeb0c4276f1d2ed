using System.Text;
using System.Text.Json;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

public class JsonLineScannerTests
{
    public static TheoryData<string> Documents =>
    [
        "{}", "[]", "{\"a\":1}", " { \"a\" : [ 1 , 2.5 , -3e10 , 0 , -0.0 , 1E+2 ] } ", "\"text\"", "true", "null", "12",
        "{\"a\":{\"b\":{\"c\":[true,false,null]}}}", "{\"k\\u00e9y\":\"v\\n\\t\\\"\\\\\\/\"}", "{\"a\":\"\\ud83d\\ude00\"}",
        "{\"a\":1,}", "{\"a\" 1}", "{a:1}", "[1,]", "[01]", "[1.]", "[.5]", "[1e]", "[-]", "[tru]", "[nulll]", "[NaN]",
        "{\"a\":\"\u0001\"}", "{\"a\":\"\\x\"}", "{\"a\":\"\\u12g4\"}", "{\"a\":\"unterminated}", "{\"a\":1} {}", "{\"a\":1}x", "{",
        "[1 2]", "{\"a\":1 \"b\":2}", "[\"a\"\"b\"]", "", "   ", "[1]]", "{}}", "[[[[[[[[[[]]]]]]]]]]",
    ];

    [Theory]
    [MemberData(nameof(Documents))]
    public void Accepts_and_rejects_exactly_what_System_Text_Json_does(string document)
    {
        var bytes = Encoding.UTF8.GetBytes(document);
        bool expected;
        try
        {
            var reader = new Utf8JsonReader(bytes);
            expected = reader.Read();
            if (expected)
            {
                reader.Skip();
                expected = !reader.Read();
            }
        }
        catch (JsonException)
        {
            expected = false;
        }

        Assert.Equal(expected, Scan(bytes));
    }

    [Fact]
    public void Nesting_beyond_64_levels_is_refused()
    {
        Assert.True(Scan(Encoding.UTF8.GetBytes(new string('[', 64) + new string(']', 64))));
        Assert.False(Scan(Encoding.UTF8.GetBytes(new string('[', 65) + new string(']', 65))));
    }

    [Fact]
    public void Escaped_property_names_match_their_unescaped_text()
    {
        var scanner = new JsonLineScanner("{\"\\u0069nput\": 1}"u8);
        Assert.True(scanner.Read());
        Assert.True(scanner.Read());
        Assert.Equal(JsonToken.PropertyName, scanner.Token);
        Assert.True(scanner.ValueTextEquals("input"u8));
        Assert.False(scanner.ValueTextEquals("output"u8));
    }

    private static bool Scan(ReadOnlySpan<byte> json)
    {
        var scanner = new JsonLineScanner(json);
        bool any = false;
        while (scanner.Read())
        {
            any = true;
        }

        return any && scanner.Error is null;
    }
}
