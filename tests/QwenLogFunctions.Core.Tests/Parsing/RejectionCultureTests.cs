using System.Globalization;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>Rejection reasons are the same text whatever the machine's culture.</summary>
public class RejectionCultureTests
{
    [Fact]
    public async Task A_negative_count_is_reported_with_an_ascii_minus_under_swedish_culture()
    {
        var previous = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("sv-SE");
            // The test means something only where the culture writes another minus sign.
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
