using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Pipeline.Reports;
using QwenLogFunctions.Reporting;

namespace QwenLogFunctions.Functions.Http;

/// <summary>
/// GET /api/report?from=&amp;to=&amp;model=&amp;format=json|html|csv: the report of a time range as the analyze --format json
/// document (default), the self-contained HTML page with charts and the firing alerts, or the hourly series as CSV.
/// The format comes from <c>format</c> or, without it, the Accept header.
/// </summary>
public sealed class ReportFunction
{
    private readonly ReportPage _reports;

    /// <summary>Creates the function.</summary>
    public ReportFunction(ReportPage reports) => _reports = reports;

    /// <summary>
    /// The report; 400 with {"error"} for an unsupported format (or an Accept header allowing none), missing or
    /// unparseable times, from not before to, or a range over the maximum.
    /// </summary>
    [Function("Report")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "report")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var format = ApiResults.Negotiate(request, ReportFormatNegotiator.AllFormats);
        var from = QueryParameters.RequiredTime(request, "from");
        var to = QueryParameters.RequiredTime(request, "to");
        string? model = QueryParameters.Optional(request, "model");
        var report = await _reports.GetReportAsync(from, to, model, cancellationToken);
        return format switch
        {
            ReportFormat.Html => ApiResults.Text(
                HtmlReportRenderer.Render(report, await _reports.FiringAlertsAsync(model, cancellationToken)), HtmlReportRenderer.ContentType),
            ReportFormat.Csv => ApiResults.Text(CsvReportRenderer.Render(report), CsvReportRenderer.ContentType),
            _ => ApiResults.Report(report),
        };
    }
}
