using System.Text;
using System.Text.Json;
using CsCheck;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Core.Tests.Rules;

/// <summary>
/// The tool-call check reads each call's JSON once with a reader; its definition is the document lookup it replaced
/// (<see cref="ReferenceIsValidCall"/>): the same verdict on calls built from pieces that test what a lookup decides:
/// duplicated and escaped property names, blank and non-string names, arguments of every kind and as strings holding
/// JSON, nesting around the depth limit, text after the object, lone surrogates, broken JSON.
/// </summary>
public class ToolCallValidatorTests
{
    private static readonly string[] Properties =
    [
        "\"name\": \"get_weather\"", "\"name\": \"\"", "\"name\": \"  \\t\"", "\"name\": \"\u3000\"", "\"name\": 3", "\"name\": null",
        "\"n\\u0061me\": \"x\"", "\"Name\": \"x\"", "\"name\": \"\\ud800\"", "\"name\": \"\ud800\"", "\"\\ud800\": 1", "\"n\\udc00ame\": \"x\"", "\"name\": \"\\\\ud800\"",
        "\"arguments\": {}", "\"arguments\": {\"city\": \"北京\"}", "\"arguments\": [1]", "\"arguments\": \"{}\"",
        "\"arguments\": \"{\\\"x\\\": 1}\"", "\"arguments\": \"[1]\"", "\"arguments\": \"{\\\"x\\\": }\"", "\"arguments\": null",
        "\"arguments\": 1.5e3", "\"argument\\u0073\": {}", "\"other\": {\"name\": \"inner\", \"arguments\": {}}",
        "\"deep\": " + new string('[', 62) + new string(']', 62), "\"deeper\": " + new string('[', 63) + new string(']', 63),
        "\"arguments\": " + new string('[', 63) + new string(']', 63),
    ];

    private static readonly Gen<string> Bodies = Gen.Select(
            Gen.OneOfConst(Properties).Array[0, 5],
            Gen.OneOfConst("", "", "", " ", "\n", " x", "{}", ",", "/*c*/"),
            Gen.OneOfConst("", "", "", " ", ","))
        .Select((properties, after, trailingInside) => "{" + string.Join(", ", properties) + trailingInside + "}" + after);

    [Fact]
    public void Finds_the_end_of_a_tag_wherever_a_substring_search_does()
    {
        // Pieces of tags, near misses and '>' of other kinds, so that texts hold the end of a tag at every place
        // (the start, the end, right after another '>') as often as they hold none.
        var piece = Gen.OneOfConst("tool_call>", "<tool_call", "</tool_call>", "tool_call", "ool_call>", "tool_calls>", "Tool_call>",
            ">", "->", "=>", "<b>", "tool_cal", "l>", "t", " ", "你", "\n", "tool_\u0063all>");
        piece.Array[0, 12].Select(parts => string.Concat(parts)).Sample(text =>
            Assert.Equal(text.Contains("tool_call>", StringComparison.Ordinal), ToolCallValidator.MayHoldToolCall(text)));
    }

    [Theory]
    [InlineData("", false)]
    [InlineData(">", false)]
    [InlineData("tool_call>", true)]
    [InlineData("ool_call>", false)]
    [InlineData("x>tool_call>", true)]
    [InlineData("<tool_call>{}</tool_call>", true)]
    [InlineData("tool_call >", false)]
    public void Finds_the_end_of_a_tag(string text, bool expected) => Assert.Equal(expected, ToolCallValidator.MayHoldToolCall(text));

    [Fact]
    public void Judges_each_call_as_a_document_lookup_does()
    {
        Bodies.Sample(body =>
        {
            string output = "<tool_call>\n" + body + "\n</tool_call>";
            Assert.Equal(!ReferenceIsValidCall(body.Trim()), ToolCallValidator.HasInvalidToolCall(output));
        }, iter: 20_000);
    }

    [Theory]
    [InlineData("{\"name\": \"a\", \"arguments\": {}, \"name\": \"\"}", true)]
    [InlineData("{\"name\": \"\", \"arguments\": {}, \"name\": \"b\"}", false)]
    [InlineData("{\"name\": \"a\", \"arguments\": {}, \"arguments\": [1]}", true)]
    [InlineData("{\"n\\u0061me\": \"a\", \"arguments\": {}}", false)]
    public void The_last_of_repeated_properties_counts(string body, bool invalid) =>
        Assert.Equal(invalid, ToolCallValidator.HasInvalidToolCall("<tool_call>" + body + "</tool_call>"));

    [Fact]
    public void A_long_call_is_checked_whole()
    {
        string city = new('北', 5_000);
        Assert.False(ToolCallValidator.HasInvalidToolCall("<tool_call>{\"name\": \"a\", \"arguments\": {\"city\": \"" + city + "\"}}</tool_call>"));
        Assert.True(ToolCallValidator.HasInvalidToolCall("<tool_call>{\"name\": \"a\", \"arguments\": {\"city\": \"" + city + "\"}} x</tool_call>"));
    }

    // The document lookup the validator used before, kept as the definition, after the same rewrite of lone surrogate
    // escapes (the document throws InvalidOperationException on them; LoneSurrogateEscapesTests checks the rewrite).
    private static bool ReferenceIsValidCall(string body)
    {
        if (body.Length == 0 || body[0] != '{' || !JsonValidity.IsValid(body))
        {
            return false;
        }

        try
        {
            byte[] utf8 = Encoding.UTF8.GetBytes(body);
            LoneSurrogateEscapes.Replace(utf8);
            using var document = JsonDocument.Parse(utf8);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
            {
                return false;
            }

            return root.TryGetProperty("arguments", out var arguments) && arguments.ValueKind switch
            {
                JsonValueKind.Object => true,
                JsonValueKind.String => StrictJson.IsObject(arguments.GetString()!),
                _ => false,
            };
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
