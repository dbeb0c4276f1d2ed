using QwenLogFunctions.Alerting;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Reporting;
using QwenLogFunctions.Storage.Queries;

namespace QwenLogFunctions.Pipeline.Reports;

/// <summary>
/// The report of a time range from the hourly table, with the alerts firing now as the HTML page lists them:
/// GET /api/report and <c>qwenlog report</c> both build it here, so both pages show the same alerts.
/// </summary>
public sealed class ReportPage
{
    private readonly ReportService _reports;
    private readonly IAlertStore _alerts;
    private readonly TimeProvider _time;

    /// <summary>Creates the use case.</summary>
    public ReportPage(ReportService reports, IAlertStore alerts, TimeProvider time)
    {
        _reports = reports;
        _alerts = alerts;
        _time = time;
    }

    /// <summary>The report of the UTC hours overlapping [from, to), optionally for one model.</summary>
    /// <param name="from">Start of the range.</param>
    /// <param name="to">End of the range (exclusive).</param>
    /// <param name="model">Only this model's requests, when given.</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    /// <param name="cost">GPU prices overriding the configured ones (the CLI's --gpu-price), when given.</param>
    /// <exception cref="QueryValidationException">from is not before to, or the range is too long.</exception>
    public Task<AnalysisReport> GetReportAsync(DateTimeOffset from, DateTimeOffset to, string? model, CancellationToken cancellationToken, Core.Cost.GpuCostOptions? cost = null) =>
        _reports.GetReportAsync(from, to, model, cancellationToken, cost);

    /// <summary>Alerts firing now as report rows; with a model filter, those of that model and of all models together.</summary>
    public async Task<IReadOnlyList<ReportAlertRow>> FiringAlertsAsync(string? model, CancellationToken cancellationToken)
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
