using System.Globalization;
using Microsoft.AspNetCore.Http;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Storage.Queries;

namespace QwenLogFunctions.Functions.Http;

/// <summary>
/// Parsing of query-string values; failures throw <see cref="QueryValidationException"/> saying what to send.
/// Every time is checked against <see cref="SupportedTimes"/> here, once for all endpoints, so no service ever
/// rounds or steps a time near <see cref="DateTimeOffset.MaxValue"/>.
/// </summary>
internal static class QueryParameters
{
    public static string? Optional(HttpRequest request, string name)
    {
        string? value = request.Query[name];
        return string.IsNullOrEmpty(value) ? null : value;
    }

    public static DateTimeOffset RequiredTime(HttpRequest request, string name) =>
        OptionalTime(request, name) ?? throw new QueryValidationException($"Query parameter '{name}' is required: an ISO 8601 UTC time such as 2025-01-15T10:00:00Z.");

    public static DateTimeOffset? OptionalTime(HttpRequest request, string name)
    {
        string? value = Optional(request, name);
        if (value is null)
        {
            return null;
        }

        if (!DateTimeOffset.TryParse(value, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var time))
        {
            throw new QueryValidationException($"Query parameter '{name}' ('{value}') is not an ISO 8601 time; use e.g. 2025-01-15T10:00:00Z.");
        }

        return SupportedTimes.Check($"Query parameter '{name}'", time) is { } error ? throw new QueryValidationException(error) : time;
    }

    public static int Int(HttpRequest request, string name, int defaultValue)
    {
        string? value = Optional(request, name);
        if (value is null)
        {
            return defaultValue;
        }

        return int.TryParse(value, NumberStyles.Integer, CultureInfo.InvariantCulture, out int number)
            ? number
            : throw new QueryValidationException($"Query parameter '{name}' ('{value}') must be a whole number.");
    }
}
