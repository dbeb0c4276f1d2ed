using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Core.Audit;
using QwenLogFunctions.Reporting;
using QwenLogFunctions.Storage.Queries;

namespace QwenLogFunctions.Functions.Http;

/// <summary>
/// GET /api/audit-sample?from=&amp;to=&amp;rate=0.01&amp;format=json|csv: the deterministic sample of the range's requests
/// for human review (a request is in it iff the hash of its request_id is below rate × 2^64), with flags and redacted
/// previews. The format comes from <c>format</c> or, without it, the Accept header.
/// </summary>
public sealed class AuditSampleFunction
{
    private static readonly IReadOnlyList<ReportFormat> Formats = [ReportFormat.Json, ReportFormat.Csv];

    private readonly AuditSampleService _samples;

    /// <summary>Creates the function.</summary>
    public AuditSampleFunction(AuditSampleService samples) => _samples = samples;

    /// <summary>The sample; 400 with {"error"} for bad from/to/rate/format or a sample over the size limit.</summary>
    [Function("AuditSample")]
    public async Task<IActionResult> Run(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "audit-sample")] HttpRequest request,
        CancellationToken cancellationToken)
    {
        var format = ApiResults.Negotiate(request, Formats);
        var from = QueryParameters.RequiredTime(request, "from");
        var to = QueryParameters.RequiredTime(request, "to");
        if (!AuditSampler.TryParseRate(QueryParameters.Optional(request, "rate"), out double rate, out string? error))
        {
            throw new QueryValidationException(error!);
        }

        var sample = await _samples.SampleAsync(from, to, rate, cancellationToken);
        return format == ReportFormat.Csv
            ? ApiResults.Text(AuditSampleRenderer.RenderCsv(sample), AuditSampleRenderer.CsvContentType)
            : ApiResults.Text(AuditSampleRenderer.RenderJson(sample), AuditSampleRenderer.JsonContentType);
    }
}
