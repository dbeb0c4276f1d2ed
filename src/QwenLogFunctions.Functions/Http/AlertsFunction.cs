using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Alerting;
using QwenLogFunctions.Storage.Queries;

namespace QwenLogFunctions.Functions.Http;

/// <summary>GET /api/alerts?since=&amp;maxHistory=: firing and recently resolved alerts with their history, from the alert store.</summary>
public sealed class AlertsFunction
{
    private const int MaxHistory = 1000;

    private readonly IAlertStore _alerts;
    private readonly TimeProvider _time;

    /// <summary>Creates the function.</summary>
    public AlertsFunction(IAlertStore alerts, TimeProvider time)
    {
        _alerts = alerts;
        _time = time;
    }

    /// <summary>The listing; since defaults to seven days ago, maxHistory to 100. 400 with {"error"} for bad values.</summary>
    [Function("Alerts")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "alerts")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var since = QueryParameters.OptionalTime(request, "since") ?? _time.GetUtcNow().AddDays(-7);
        int maxHistory = QueryParameters.Int(request, "maxHistory", 100);
        if (maxHistory is < 0 or > MaxHistory)
        {
            throw new QueryValidationException($"maxHistory must be between 0 and {MaxHistory} (got {maxHistory}).");
        }

        return ApiResults.Json(await _alerts.ListAsync(since, maxHistory, cancellationToken));
    }
}
