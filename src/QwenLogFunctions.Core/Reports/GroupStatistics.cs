using System.Text.Json.Serialization;

namespace QwenLogFunctions.Core.Reports;

/// <summary>The figures of the requests of one model or one device, with their flag counts.</summary>
public sealed class GroupStatistics : SummaryStatistics
{
    /// <summary>Model or device name.</summary>
    [JsonPropertyOrder(-1)]
    public string Name { get; set; } = string.Empty;

    /// <summary>Count per flag name (every flag present).</summary>
    public IReadOnlyDictionary<string, long> Flags { get; set; } = new Dictionary<string, long>();
}
