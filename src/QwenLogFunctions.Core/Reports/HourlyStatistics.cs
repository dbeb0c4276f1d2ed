using System.Text.Json.Serialization;

namespace QwenLogFunctions.Core.Reports;

/// <summary>The figures of one UTC hour (the same fields as the summary) with its flag counts.</summary>
public sealed class HourlyStatistics : SummaryStatistics
{
    /// <summary>Start of the hour, UTC; serialized as ISO 8601 with a Z, e.g. 2025-01-01T00:00:00Z.</summary>
    [JsonPropertyOrder(-1)]
    public DateTimeOffset Hour { get; set; }

    /// <summary>Count per flag name (every flag present).</summary>
    public IReadOnlyDictionary<string, long> Flags { get; set; } = new Dictionary<string, long>();
}
