using System.Text.Json.Serialization;

namespace QwenLogFunctions.Alerting;

/// <summary>State of one alert series; serialized in lower case.</summary>
[JsonConverter(typeof(SnakeCaseEnumConverter<AlertState>))]
public enum AlertState
{
    /// <summary>The condition holds at the newest evaluated hour.</summary>
    Firing,

    /// <summary>The condition held before and has cleared.</summary>
    Resolved,
}
