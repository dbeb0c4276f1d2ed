using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Reporting.Prometheus;
using QwenLogFunctions.Storage.Queries;

namespace QwenLogFunctions.Functions.Http;

/// <summary>
/// GET /api/metrics: the serving figures in the Prometheus text exposition format (README: "Prometheus and
/// Grafana"). Function key like every other endpoint: give Prometheus the key as a query parameter or header.
/// </summary>
public sealed class MetricsFunction
{
    private readonly ServingMetricsService _metrics;

    /// <summary>Creates the function.</summary>
    public MetricsFunction(ServingMetricsService metrics) => _metrics = metrics;

    /// <summary>The exposition.</summary>
    [Function("Metrics")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "metrics")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var snapshot = await _metrics.GetSnapshotAsync(cancellationToken);
        return ApiResults.Text(await PrometheusMetricsRenderer.RenderAsync(snapshot, cancellationToken), PrometheusMetricsRenderer.ContentType);
    }
}
