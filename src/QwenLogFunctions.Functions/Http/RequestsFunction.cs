using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Storage.Queries;

namespace QwenLogFunctions.Functions.Http;

/// <summary>
/// GET /api/requests?hour=&amp;flag=&amp;model=&amp;pageSize=&amp;continuationToken=: stored requests of one hour
/// (metadata and redacted previews), paged. Follow continuation_token until it is null.
/// </summary>
public sealed class RequestsFunction
{
    private readonly RequestQueryService _requests;

    /// <summary>Creates the function.</summary>
    public RequestsFunction(RequestQueryService requests) => _requests = requests;

    /// <summary>One page; 400 with {"error"} for a missing or bad hour, unknown flag, bad page size or foreign token.</summary>
    [Function("Requests")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "requests")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var query = new RequestQuery(
            QueryParameters.RequiredTime(request, "hour"),
            QueryParameters.Optional(request, "flag"),
            QueryParameters.Optional(request, "model"),
            QueryParameters.Int(request, "pageSize", 100),
            QueryParameters.Optional(request, "continuationToken"));
        return ApiResults.Json(await _requests.QueryAsync(query, cancellationToken));
    }
}
