using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Storage.Queries;

namespace QwenLogFunctions.Functions.Http;

/// <summary>GET /api/report?from=&amp;to=&amp;model=: the analyze --format json document of a time range.</summary>
public sealed class ReportFunction
{
    private readonly ReportService _reports;

    /// <summary>Creates the function.</summary>
    public ReportFunction(ReportService reports) => _reports = reports;

    /// <summary>The report; 400 with {"error"} for missing or unparseable times, from not before to, or a range over the maximum.</summary>
    [Function("Report")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "report")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        try
        {
            string format = QueryParameters.Optional(request, "format") ?? "json";
            if (!string.Equals(format, "json", StringComparison.Ordinal))
            {
                throw new QueryValidationException($"Unknown format '{format}'; supported: json.");
            }

            var from = QueryParameters.RequiredTime(request, "from");
            var to = QueryParameters.RequiredTime(request, "to");
            var report = await _reports.GetReportAsync(from, to, QueryParameters.Optional(request, "model"), cancellationToken);
            return ApiResults.Report(report);
        }
        catch (QueryValidationException ex)
        {
            return ApiResults.BadRequest(ex.Message);
        }
    }
}
