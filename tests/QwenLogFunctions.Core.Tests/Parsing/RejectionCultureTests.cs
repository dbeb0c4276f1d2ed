using System.Globalization;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>Rejection reasons are the same text whatever the machine's culture.</summary>
public class RejectionCultureTests
{
    [Theory]
    [InlineData("""{"prompt_tokens": -5}""", "field 'metadata.prompt_tokens' is negative (-5)")]
    [InlineData("""{"queue_time_ms": -1.5}""", "field 'metadata.queue_time_ms' is negative (-1.5)")]
    [InlineData("""{"total_latency_ms": 1e-9}""", "field 'metadata.total_latency_ms' (1E-09) is out of range: a positive latency below 0.000001 ms (1 ns) is not plausible and overflows tokens/s")]
    [InlineData("""{"completion_tokens": 2000000000}""", "field 'metadata.completion_tokens' (2000000000) is out of range: more than 1,000,000,000 tokens is not plausible")]
    public void A_reason_is_written_with_invariant_numbers_under_swedish_culture(string metadata, string reason)
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("sv-SE");
            // The test means something only where the culture writes another minus sign.
            Assert.Equal("\u2212", CultureInfo.CurrentCulture.NumberFormat.NegativeSign);

            string line = """{"timestamp": 1735689610, "input": "a", "output": "b", "metadata": """ + metadata + "}";

            Assert.Equal(reason, LogLineParser.Parse(System.Text.Encoding.UTF8.GetBytes(line), new ParsedLine()));
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }

    [Fact]
    public async Task A_negative_count_is_reported_with_an_ascii_minus_under_swedish_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("sv-SE");
            Assert.Equal("\u2212", CultureInfo.CurrentCulture.NumberFormat.NegativeSign);

            var entries = await LogLines.ReadDetailedAsync(LogLines.Shard(LogLines.Line(prompt: -5)));

            var rejected = Assert.IsType<RejectedEntry>(Assert.Single(entries));
            Assert.Equal("field 'metadata.prompt_tokens' is negative (-5)", rejected.Rejection.Reason);
        }
        finally
        {
            CultureInfo.CurrentCulture = previous;
        }
    }
}
