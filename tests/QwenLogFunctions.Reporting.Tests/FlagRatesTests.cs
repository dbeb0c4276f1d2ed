using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Reporting.Tests;

public class FlagRatesTests
{
    [Fact]
    public void Content_flags_are_rated_over_the_requests_that_logged_content()
    {
        var statistics = new SummaryStatistics { TotalRequests = 10, JsonModeRequests = 4, ContentFlagsNotApplicable = 6 };

        Assert.Equal(0.5, FlagRates.Rate(statistics, "pii_phone", 2)); // 2 of the 4 requests with content
        Assert.Equal(0.2, FlagRates.Rate(statistics, "truncated_output", 2)); // the server's finish reason: every request
        Assert.Equal(0.25, FlagRates.Rate(statistics, "malformed_json", 1));
        Assert.Null(FlagRates.Rate(new SummaryStatistics { TotalRequests = 3, ContentFlagsNotApplicable = 3 }, "refusal", 0));
    }
}
