using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Reporting;

/// <summary>
/// The rate of a flag over a set of requests. malformed_json can only happen in json_mode, so its rate is over
/// json_mode requests (as <see cref="SummaryStatistics.JsonModeRequests"/> documents); truncated_output (the server's own
/// finish reason) over all requests; every other flag judges texts, so its rate is over the requests that logged them
/// (all but <see cref="SummaryStatistics.ContentFlagsNotApplicable"/>, the OTLP spans without content).
/// </summary>
public static class FlagRates
{
    private const string MalformedJson = "malformed_json";
    private const string TruncatedOutput = "truncated_output";

    /// <summary>The denominator of <paramref name="flagName"/>'s rate in <paramref name="statistics"/>.</summary>
    public static long Denominator(SummaryStatistics statistics, string flagName) => flagName switch
    {
        MalformedJson => statistics.JsonModeRequests,
        TruncatedOutput => statistics.TotalRequests,
        _ => statistics.TotalRequests - statistics.ContentFlagsNotApplicable,
    };

    /// <summary>What the rate is a share of, for labels: "json_mode requests" for malformed_json, "all requests" otherwise.</summary>
    public static string DenominatorLabel(string flagName) =>
        string.Equals(flagName, MalformedJson, StringComparison.Ordinal) ? "json_mode requests" : "all requests";

    /// <summary>count / denominator, or null when the denominator is zero.</summary>
    public static double? Rate(SummaryStatistics statistics, string flagName, long count)
    {
        long denominator = Denominator(statistics, flagName);
        return denominator > 0 ? (double)count / denominator : null;
    }

    /// <summary>The count of a flag in a flag dictionary, zero when absent.</summary>
    public static long Count(IReadOnlyDictionary<string, long> flags, string flagName) =>
        flags.TryGetValue(flagName, out long count) ? count : 0;
}
