using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Alerting;
using QwenLogFunctions.Reporting;
using QwenLogFunctions.Storage.Queries;

namespace QwenLogFunctions.Functions.Http;

/// <summary>
/// GET /api/report?from=&amp;to=&amp;model=&amp;format=json|html|csv: the report of a time range as the analyze --format json
/// document (default), the self-contained HTML page with charts and the firing alerts, or the hourly series as CSV.
/// The format comes from <c>format</c> or, without it, the Accept header.
/// </summary>
public sealed class ReportFunction
{
    private readonly ReportService _reports;
    private readonly IAlertStore _alerts;
    private readonly TimeProvider _time;

    /// <summary>Creates the function.</summary>
    public ReportFunction(ReportService reports, IAlertStore alerts, TimeProvider time)
    {
        _reports = reports;
        _alerts = alerts;
        _time = time;
    }

    /// <summary>
    /// The report; 400 with {"error"} for an unsupported format (or an Accept header allowing none), missing or
    /// unparseable times, from not before to, or a range over the maximum.
    /// </summary>
    [Function("Report")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "report")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        try
        {
            var format = ApiResults.Negotiate(request, ReportFormatNegotiator.AllFormats);
            var from = QueryParameters.RequiredTime(request, "from");
            var to = QueryParameters.RequiredTime(request, "to");
            string? model = QueryParameters.Optional(request, "model");
            var report = await _reports.GetReportAsync(from, to, model, cancellationToken);
            return format switch
            {
                ReportFormat.Html => ApiResults.Text(
                    HtmlReportRenderer.Render(report, await FiringAlertsAsync(model, cancellationToken)), HtmlReportRenderer.ContentType),
                ReportFormat.Csv => ApiResults.Text(CsvReportRenderer.Render(report), CsvReportRenderer.ContentType),
                _ => ApiResults.Report(report),
            };
        }
        catch (QueryValidationException ex)
        {
            return ApiResults.BadRequest(ex.Message);
        }
    }

    /// <summary>Alerts firing now; with a model filter, those of that model and of all models together.</summary>
    private async Task<IReadOnlyList<ReportAlertRow>> FiringAlertsAsync(string? model, CancellationToken cancellationToken)
    {
        var listing = await _alerts.ListAsync(_time.GetUtcNow(), maxHistory: 0, cancellationToken);
        return
        [
            .. listing.Firing
                .Where(alert => model is null || alert.Model == model || alert.Model == AlertRuleIds.AllModels)
                .Select(ToRow),
        ];
    }

    private static ReportAlertRow ToRow(AlertRecord alert)
    {
        // Rates are stored as fractions; the page shows them as percentages like the alert messages do.
        bool ratio = alert.Unit == AlertUnits.Ratio;
        return new ReportAlertRow(
            alert.Subject.Length == 0 ? alert.RuleId : alert.RuleId + ":" + alert.Subject,
            alert.Model,
            alert.Hour,
            ratio ? alert.Value * 100 : alert.Value,
            ratio ? alert.Threshold * 100 : alert.Threshold,
            alert.FiredAt,
            alert.Message,
            ratio ? "%" : alert.Unit);
    }
}
