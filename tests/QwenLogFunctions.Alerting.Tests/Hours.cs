using QwenLogFunctions.Alerting;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Alerting.Tests;

/// <summary>Builds hourly statistics for rule tests: healthy unless told otherwise.</summary>
internal static class Hours
{
    public static readonly DateTimeOffset H10 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    public static ScopedHour Healthy(DateTimeOffset hour, string model = "all", long requests = 100) =>
        new(model, Stats(hour, requests));

    public static HourlyStatistics Stats(
        DateTimeOffset hour,
        long requests = 100,
        double p95 = 3_000,
        double? firstTokenP95 = 500,
        double? decodeTps = 150,
        long errors = 0,
        long jsonMode = 0,
        IReadOnlyDictionary<string, long>? flags = null) => new()
        {
            Hour = hour,
            TotalRequests = requests,
            SuccessfulRequests = requests,
            ErrorLevelRequests = errors,
            JsonModeRequests = jsonMode,
            LatencyMs = new PercentileSummary(requests, p95 / 2, p95 / 2, p95, p95, p95),
            FirstTokenLatencyMs = firstTokenP95 is null ? PercentileSummary.Empty : new PercentileSummary(requests, 1, 1, firstTokenP95, firstTokenP95, firstTokenP95),
            DecodeTps = new MeanSummary(decodeTps is null ? 0 : requests, decodeTps),
            Flags = flags ?? FlagNames.AllNames.ToDictionary(n => n, _ => 0L),
        };

    public static Dictionary<string, long> Flags(params (string Name, long Count)[] counts)
    {
        var flags = FlagNames.AllNames.ToDictionary(n => n, _ => 0L);
        foreach (var (name, count) in counts)
        {
            flags[name] = count;
        }

        return flags;
    }
}
