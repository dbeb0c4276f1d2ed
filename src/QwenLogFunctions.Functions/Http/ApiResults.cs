using System.Text.Json;
using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Mvc;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Functions.Http;

/// <summary>JSON responses of the HTTP API: snake_case like the report, enums as snake_case strings.</summary>
internal static class ApiResults
{
    public static JsonSerializerOptions Options { get; } = CreateOptions();

    /// <summary>200 with a body serialized by the API's options.</summary>
    public static ContentResult Json<T>(T value, int status = 200) => new()
    {
        Content = JsonSerializer.Serialize(value, Options),
        ContentType = "application/json; charset=utf-8",
        StatusCode = status,
    };

    /// <summary>A report, byte for byte what the CLI's analyze --format json prints.</summary>
    public static ContentResult Report(AnalysisReport report) => new()
    {
        Content = ReportJson.Serialize(report),
        ContentType = "application/json; charset=utf-8",
        StatusCode = 200,
    };

    /// <summary>400 with {"error": "what to fix"}.</summary>
    public static ContentResult BadRequest(string message) => Json(new ErrorBody(message), 400);

    /// <summary>404 with {"error": "..."}.</summary>
    public static ContentResult NotFound(string message) => Json(new ErrorBody(message), 404);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ReportJson.CompactOptions);
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed record ErrorBody(string Error);
}
