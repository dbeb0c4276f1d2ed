using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Reporting.Tests;

/// <summary>Analysis reports built by hand with realistic figures, so rendering can be checked against known numbers.</summary>
internal static class SampleReports
{
    public static readonly DateTimeOffset Start = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Hours 0..7 of 2025-01-01 except 3 and 4 (a two-hour gap); hour 6 has no first-token latencies.</summary>
    public static IReadOnlyList<int> HourOffsets { get; } = [0, 1, 2, 5, 6, 7];

    public static AnalysisReport WithGap() => Build(HourOffsets);

    public static AnalysisReport Build(IReadOnlyList<int> hourOffsets, string modelName = "qwen2.5-7b-instruct")
    {
        var hourly = hourOffsets.Select(Hour).ToList();
        long total = hourly.Sum(h => h.TotalRequests);
        var flags = FlagNames.AllNames.ToDictionary(n => n, n => hourly.Sum(h => h.Flags[n]), StringComparer.Ordinal);
        var summary = new SummaryStatistics
        {
            TotalRequests = total,
            SuccessfulRequests = hourly.Sum(h => h.SuccessfulRequests),
            SuccessRate = total > 0 ? (double)hourly.Sum(h => h.SuccessfulRequests) / total : null,
            ErrorLevelRequests = hourly.Sum(h => h.ErrorLevelRequests),
            JsonModeRequests = hourly.Sum(h => h.JsonModeRequests),
            AvgPromptTokens = total > 0 ? 412.25 : null,
            AvgCompletionTokens = total > 0 ? 186.5 : null,
            LatencyMs = total > 0 ? new PercentileSummary(total, 2150.5, 1830, 4920.25, 6100, 7450) : PercentileSummary.Empty,
            FirstTokenLatencyMs = total > 0 ? new PercentileSummary(total - 40, 310, 280, 655.5, 910, 1200) : PercentileSummary.Empty,
            ThroughputTps = new MeanSummary(total, total > 0 ? 88.4 : null),
            DecodeTps = new MeanSummary(total, total > 0 ? 104.2 : null),
        };

        GroupStatistics Group(string name, long requests) => new()
        {
            Name = name,
            TotalRequests = requests,
            SuccessfulRequests = requests - 1,
            SuccessRate = (double)(requests - 1) / requests,
            AvgPromptTokens = 400,
            AvgCompletionTokens = 180,
            LatencyMs = new PercentileSummary(requests, 2000, 1800, 4800, 6000, 7000),
            Flags = FlagNames.AllNames.ToDictionary(n => n, n => n == "pii_phone" ? 3L : 0L, StringComparer.Ordinal),
        };

        return new AnalysisReport
        {
            PercentileMethod = "exact",
            Range = null,
            Shards = ["logs/2025-01-01/qwen-00.jsonl", "logs/2025-01-01/qwen-01.jsonl.gz"],
            Lines = new LineCounts(total + 5, total, 3, 2),
            Rejects =
            [
                new LineRejection("logs/2025-01-01/qwen-00.jsonl", 17, "invalid JSON at byte 17: unexpected end"),
                new LineRejection("logs/2025-01-01/qwen-00.jsonl", 90, "invalid JSON at byte 3: '<' is an invalid start of a value"),
                new LineRejection("logs/2025-01-01/qwen-01.jsonl.gz", 4, "field metadata.total_latency_ms is negative"),
            ],
            Summary = summary,
            Flags = flags,
            Hourly = hourly,
            ByModel = total > 0 ? [Group(modelName, total - 10), Group("qwen2.5-0.5b", 10)] : [],
            ByDevice = total > 0 ? [Group("RTX 3060", total)] : [],
        };
    }

    /// <summary>The figures of hour offset <paramref name="offset"/>: they vary with the hour so every point is distinct.</summary>
    public static HourlyStatistics Hour(int offset)
    {
        long requests = 120 + (offset * 37 % 90);
        var flags = FlagNames.AllNames.ToDictionary(n => n, _ => 0L, StringComparer.Ordinal);
        flags["empty_response"] = offset % 3;
        flags["pii_phone"] = 1 + (offset % 2);
        flags["malformed_json"] = offset == 5 ? 4 : 0;
        flags["refusal"] = offset;
        bool noFirstToken = offset == 6;
        return new HourlyStatistics
        {
            Hour = Start.AddHours(offset),
            TotalRequests = requests,
            SuccessfulRequests = requests - flags["empty_response"],
            SuccessRate = (double)(requests - flags["empty_response"]) / requests,
            ErrorLevelRequests = offset % 2,
            JsonModeRequests = 20,
            AvgPromptTokens = 400 + offset,
            AvgCompletionTokens = 180.5 + offset,
            LatencyMs = new PercentileSummary(requests, 2000 + (offset * 10), 1500.5 + (offset * 100), 4200.25 + (offset * 150), 5900 + (offset * 75), 8000),
            FirstTokenLatencyMs = noFirstToken
                ? PercentileSummary.Empty
                : new PercentileSummary(requests, 300, 250 + offset, 600.75 + (offset * 20), 900, 1000),
            ThroughputTps = new MeanSummary(requests, 80.5 + offset),
            DecodeTps = new MeanSummary(noFirstToken ? 0 : requests, noFirstToken ? null : 95.25 + (offset * 3)),
            Flags = flags,
        };
    }
}
