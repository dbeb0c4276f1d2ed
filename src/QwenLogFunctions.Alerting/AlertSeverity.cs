using System.Text.Json.Serialization;

namespace QwenLogFunctions.Alerting;

/// <summary>How urgent an alert is; serialized in lower case.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<AlertSeverity>))]
public enum AlertSeverity
{
    /// <summary>Quality or speed degraded; look today.</summary>
    Warning,

    /// <summary>The service looks down (empty responses in a row, no traffic); look now.</summary>
    Critical,
}
