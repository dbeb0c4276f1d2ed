using System.Text.Json;

namespace QwenLogFunctions.TestUtility;

/// <summary>
/// A stored report (qwenlog report, GET /api/report) against `qwenlog analyze` of the same files: counts and flags
/// exact, percentiles within 1%. One rule for the CLI pipeline tests and the end-to-end tests under the host.
/// </summary>
public static class ReportAssert
{
    /// <summary>Counts, means and flags equal; sketch percentiles within 1% of the exact ones; overall, per hour and per model.</summary>
    public static void AssertSameFigures(JsonElement analysis, JsonElement report)
    {
        foreach (string count in new[] { "total", "accepted", "rejected", "blank" })
        {
            Assert.Equal(analysis.GetProperty("lines").GetProperty(count).GetInt64(), report.GetProperty("lines").GetProperty(count).GetInt64());
        }

        Assert.Equal(Flags(analysis.GetProperty("flags")), Flags(report.GetProperty("flags")));
        AssertSameSummary(analysis.GetProperty("summary"), report.GetProperty("summary"), "summary");

        var exactHours = analysis.GetProperty("hourly").EnumerateArray().ToList();
        var reportHours = report.GetProperty("hourly").EnumerateArray().ToList();
        Assert.Equal(exactHours.Select(h => h.GetProperty("hour").GetString()), reportHours.Select(h => h.GetProperty("hour").GetString()));
        foreach (var (exact, merged) in exactHours.Zip(reportHours))
        {
            AssertSameSummary(exact, merged, exact.GetProperty("hour").GetString()!);
            Assert.Equal(Flags(exact.GetProperty("flags")), Flags(merged.GetProperty("flags")));
        }

        var exactModels = analysis.GetProperty("by_model").EnumerateArray().ToList();
        var reportModels = report.GetProperty("by_model").EnumerateArray().ToList();
        Assert.Equal(exactModels.Select(m => m.GetProperty("name").GetString()), reportModels.Select(m => m.GetProperty("name").GetString()));
        foreach (var (exact, merged) in exactModels.Zip(reportModels))
        {
            AssertSameSummary(exact, merged, exact.GetProperty("name").GetString()!);
        }
    }

    private static void AssertSameSummary(JsonElement exact, JsonElement merged, string where)
    {
        foreach (string count in new[] { "total_requests", "successful_requests", "error_level_requests", "json_mode_requests" })
        {
            Assert.True(exact.GetProperty(count).GetInt64() == merged.GetProperty(count).GetInt64(), $"{where} {count}");
        }

        foreach (string exactValue in new[] { "success_rate", "avg_prompt_tokens", "avg_completion_tokens" })
        {
            Assert.True(exact.GetProperty(exactValue).GetDouble() == merged.GetProperty(exactValue).GetDouble(),
                $"{where} {exactValue}: {exact.GetProperty(exactValue)} vs {merged.GetProperty(exactValue)}");
        }

        // Means of ratios are sums added in another order: equal up to floating-point rounding.
        foreach (string mean in new[] { "throughput_tps", "decode_tps" })
        {
            AssertRelative(exact.GetProperty(mean).GetProperty("mean").GetDouble(), merged.GetProperty(mean).GetProperty("mean").GetDouble(), 1e-9, $"{where} {mean}");
        }

        foreach (string latency in new[] { "latency_ms", "first_token_latency_ms" })
        {
            foreach (string percentile in new[] { "p50", "p95", "p99" })
            {
                AssertRelative(exact.GetProperty(latency).GetProperty(percentile).GetDouble(), merged.GetProperty(latency).GetProperty(percentile).GetDouble(), 0.01, $"{where} {latency}.{percentile}");
            }
        }
    }

    private static void AssertRelative(double exact, double approximate, double tolerance, string what)
    {
        double error = exact == 0 ? Math.Abs(approximate) : Math.Abs(approximate - exact) / Math.Abs(exact);
        Assert.True(error <= tolerance, $"{what}: exact {exact}, report {approximate}, relative error {error:P3} > {tolerance:P3}");
    }

    private static Dictionary<string, long> Flags(JsonElement flags) =>
        flags.EnumerateObject().ToDictionary(flag => flag.Name, flag => flag.Value.GetInt64(), StringComparer.Ordinal);
}
