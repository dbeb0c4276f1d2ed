using QwenLogFunctions.Core.Tests.Parsing.Dialects;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>
/// A lone surrogate escape ("\ud800", "\udc00") is valid JSON that Python writes and reads back; the framework's JSON
/// readers throw InvalidOperationException (not JsonException) when asked for such a string, and one of them in a
/// model name, a device, a LiteLLM or batch field or a tool call's name stopped the whole analysis. Every one is read
/// as U+FFFD, as in the input and output, and the line counts.
/// </summary>
public class LoneSurrogateTests
{
    [Theory]
    [InlineData("\\ud800", "\\udc00", "", "")]
    [InlineData("\\udbff\\u0041", "", "\\ud800", "")]
    [InlineData("", "\\ud83d", "", "\\udfff")]
    public void Article_lines_with_one_in_a_named_field_are_accepted(string inModel, string inDevice, string inRequestId, string inLevel)
    {
        // The serializer writes U+FFFD for a lone surrogate: the escapes are put in by hand, as Python writes them.
        string line = LogLines.Line(model: "qwen@M", requestId: "req@R", level: "WARN@L", edit: root => root["metadata"]!["device"] = "cuda@D")
            .Replace("@M", inModel, StringComparison.Ordinal)
            .Replace("@D", inDevice, StringComparison.Ordinal)
            .Replace("@R", inRequestId, StringComparison.Ordinal)
            .Replace("@L", inLevel, StringComparison.Ordinal);

        var report = LogLines.Analyze(LogLines.Shard(line)).Build();

        Assert.Equal(1, report.Lines.Accepted);
        Assert.Equal("qwen" + Decoded(inModel), Assert.Single(report.ByModel).Name);
        Assert.Equal("cuda" + Decoded(inDevice), Assert.Single(report.ByDevice).Name);
    }

    // What the parser reads for the escapes: U+FFFD for each lone half, "A" for \u0041.
    private static string Decoded(string escapes) =>
        string.Concat(escapes.Split("\\u", StringSplitOptions.RemoveEmptyEntries).Select(hex => hex == "0041" ? "A" : "\uFFFD"));

    [Theory]
    [InlineData("{\"name\": \"\\ud800\", \"arguments\": {}}", 0)]
    [InlineData("{\"name\": \"get_weather\", \"arguments\": \"\\udc00\"}", 1)]
    [InlineData("{\"name\": \"get_weather\", \"arguments\": \"{\\\"city\\\": \\\"\\ud800\\\"}\"}", 0)]
    public void A_tool_call_with_one_is_judged(string call, int invalid)
    {
        string line = LogLines.Line(output: "<tool_call>\n" + call + "\n</tool_call>", functionCalling: true);

        var report = LogLines.Analyze(LogLines.Shard(line)).Build();

        Assert.Equal(1, report.Lines.Accepted);
        Assert.Equal(invalid, report.Flags["invalid_tool_call"]);
    }

    [Fact]
    public void Dialect_lines_with_one_in_a_string_are_accepted()
    {
        // A property named by one ahead of the rest (the dialect detector reads the first line's names), a role compared
        // with "user", a model name, a message.
        string line = DialectLines.LiteLlm(
            modelGroup: "\"qwen\\ud800\"",
            messages: """[{"role":"us\udc00er","content":"x"},{"role":"user","content":"你好\udc00"}]""");
        var liteLlm = DialectLines.Analyze("{\"\\ud800\":1," + line[1..]);
        var batch = DialectLines.Analyze(DialectLines.Batch(customId: "request-\\ud800", content: "\"\\ud83d你好\""));

        Assert.Equal(1, liteLlm.Lines.Accepted);
        Assert.Equal("qwen\uFFFD", Assert.Single(liteLlm.ByModel).Name);
        Assert.Equal(1, batch.Lines.Accepted);
    }
}
