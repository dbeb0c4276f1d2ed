using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Http;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Reporting;
using QwenLogFunctions.Storage.Queries;

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

    /// <summary>200 with a rendered body (HTML, CSV, or JSON written by a renderer of its own).</summary>
    public static ContentResult Text(string content, string contentType) => new()
    {
        Content = content,
        ContentType = contentType,
        StatusCode = 200,
    };

    /// <summary>
    /// The response format from the <c>format</c> query value or the Accept header. Both failures (an unknown format,
    /// an Accept header allowing none of ours) are 400 with the supported formats listed: one rule for clients to handle,
    /// and the API's errors are JSON whatever was asked for.
    /// </summary>
    /// <exception cref="QueryValidationException">No supported format was asked for.</exception>
    public static ReportFormat Negotiate(HttpRequest request, IReadOnlyList<ReportFormat> supported)
    {
        var negotiation = ReportFormatNegotiator.Negotiate(QueryParameters.Optional(request, "format"), request.Headers.Accept.ToString(), supported);
        return negotiation.Format ?? throw new QueryValidationException(negotiation.Error!);
    }

    /// <summary>400 with {"error": "what to fix"}.</summary>
    public static ContentResult BadRequest(string message) => Json(new ErrorBody(message), 400);

    /// <summary>404 with {"error": "..."}.</summary>
    public static ContentResult NotFound(string message) => Json(new ErrorBody(message), 404);

    private static JsonSerializerOptions CreateOptions()
    {
        var options = new JsonSerializerOptions(ReportJson.CompactOptions);

        // The report's options hold its source-generated contract only (the CLI runs as native code); the app's other
        // responses (errors, request pages, shard status) are serialized through reflection, as this host allows.
        options.TypeInfoResolver = JsonTypeInfoResolver.Combine(options.TypeInfoResolver, new DefaultJsonTypeInfoResolver());
        options.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.SnakeCaseLower));
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    private sealed record ErrorBody(string Error);
}
