using QwenLogFunctions.Generation;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Core.Tests.Generation;

public class DialectLineWriterTests
{
    [Theory]
    [InlineData(LogDialect.LiteLlm)]
    [InlineData(LogDialect.Otlp)]
    [InlineData(LogDialect.OpenAIBatch)]
    public void Generated_requests_rewritten_in_a_dialect_give_the_same_figures(LogDialect dialect)
    {
        using var article = new MemoryStream();
        new SampleLogGenerator(new GeneratorOptions { Seed = 11, Hours = 2 }).Write(article, 1500);
        byte[] articleBytes = article.ToArray();
        using var converted = new MemoryStream();
        DialectLineWriter.Convert(new MemoryStream(articleBytes), converted, dialect);

        var expected = LogLines.Analyze(articleBytes).Build();
        var actual = LogLines.Analyze(converted.ToArray()).Build();

        Assert.Equal(expected.Lines.Accepted, actual.Lines.Accepted);
        Assert.Equal(expected.Lines.Accepted, actual.Dialects[LogDialectNames.NameOf(dialect)]);
        Assert.Equal(expected.Summary.SuccessfulRequests, actual.Summary.SuccessfulRequests);
        Assert.Equal(expected.Summary.AvgPromptTokens, actual.Summary.AvgPromptTokens);
        foreach (var (flag, count) in expected.Flags)
        {
            // The batch output does not carry the prompt or json_mode: those flags are not judged there.
            bool notInBatch = flag is "prompt_injection" or "invalid_prompt" or "repeated_input" or "malformed_json";
            Assert.Equal(dialect == LogDialect.OpenAIBatch && notInBatch ? 0 : count, actual.Flags[flag]);
        }

        if (dialect == LogDialect.OpenAIBatch)
        {
            Assert.Equal(0, actual.Summary.LatencyMs.Count);
        }
        else
        {
            Assert.Equal(expected.Summary.LatencyMs.Count, actual.Summary.LatencyMs.Count);
            Assert.Equal(expected.Summary.LatencyMs.P95!.Value, actual.Summary.LatencyMs.P95!.Value, 3);
        }
    }
}
