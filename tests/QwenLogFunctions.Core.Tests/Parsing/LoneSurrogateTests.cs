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
    [InlineData("qwen\ud800", null, null)]
    [InlineData("qwen\udc00x", null, null)]
    [InlineData("qwen", "req-\ud800", null)]
    [InlineData("qwen", "req-1", "WARN\udbff")]
    public void Article_lines_with_one_in_a_named_field_are_accepted(string model, string? requestId, string? level)
    {
        string line = LogLines.Line(model: model, requestId: requestId ?? "req-1", level: level ?? "INFO", edit: root => root["metadata"]!["device"] = "cuda:\ud800");
        Assert.Contains("\\u", line, StringComparison.Ordinal); // the serializer wrote the escape, not the character

        var report = LogLines.Analyze(LogLines.Shard(line)).Build();

        Assert.Equal(1, report.Lines.Accepted);
        Assert.Equal(model.Replace('\ud800', '\uFFFD').Replace('\udc00', '\uFFFD'), Assert.Single(report.ByModel).Name);
        Assert.Equal("cuda:\uFFFD", Assert.Single(report.ByDevice).Name);
    }

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
        var liteLlm = DialectLines.Analyze(DialectLines.LiteLlm(modelGroup: "\"qwen\\ud800\"", messages: """[{"role":"user","content":"你好\udc00"}]"""));
        var batch = DialectLines.Analyze(DialectLines.Batch(customId: "request-\\ud800", content: "\"\\ud83d你好\""));

        Assert.Equal(1, liteLlm.Lines.Accepted);
        Assert.Equal("qwen\uFFFD", Assert.Single(liteLlm.ByModel).Name);
        Assert.Equal(1, batch.Lines.Accepted);
    }
}
