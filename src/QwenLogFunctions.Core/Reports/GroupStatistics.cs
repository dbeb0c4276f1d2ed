using System.Text.Json.Serialization;

namespace QwenLogFunctions.Core.Reports;

/// <summary>The figures of the requests of one model or one device, with their flag counts.</summary>
public sealed class GroupStatistics : SummaryStatistics
{
    /// <summary>Model or device name.</summary>
    [JsonPropertyOrder(-1)]
    public required string Name { get; init; }

    /// <summary>Count per flag name (every flag present).</summary>
    public required IReadOnlyDictionary<string, long> Flags { get; init; }
}
