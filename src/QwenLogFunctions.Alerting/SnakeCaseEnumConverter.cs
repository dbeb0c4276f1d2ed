using System.Text.Json;
using System.Text.Json.Serialization;

namespace QwenLogFunctions.Alerting;

/// <summary>Writes enums as snake_case strings ("firing", "critical") whatever options the caller serializes with.</summary>
internal sealed class SnakeCaseEnumConverter<TEnum>() : JsonStringEnumConverter<TEnum>(JsonNamingPolicy.SnakeCaseLower, allowIntegerValues: false)
    where TEnum : struct, Enum;
