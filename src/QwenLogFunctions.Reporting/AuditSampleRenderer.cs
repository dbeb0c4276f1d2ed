using System.Globalization;
using System.Text;
using System.Text.Json;
using QwenLogFunctions.Core.Audit;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Reporting.Csv;

namespace QwenLogFunctions.Reporting;

/// <summary>
/// Writes audit samples as JSON (snake_case, UTC times with a Z, Chinese kept readable) or RFC 4180 CSV
/// (one row per request; flags joined with ';' in one field).
/// </summary>
public static class AuditSampleRenderer
{
    /// <summary>Content type of <see cref="RenderJson"/>.</summary>
    public const string JsonContentType = "application/json; charset=utf-8";

    /// <summary>Content type of <see cref="RenderCsv(IEnumerable{AuditSampleItem})"/>.</summary>
    public const string CsvContentType = "text/csv; charset=utf-8; header=present";

    /// <summary>The CSV header row's column names, in order.</summary>
    public static IReadOnlyList<string> CsvColumns { get; } =
        ["request_id", "timestamp", "model", "shard", "line", "flags", "input_preview", "output_preview"];


    /// <summary>The sample as a JSON object: rate, from, to, requests_considered, count, items.</summary>
    public static string RenderJson(AuditSample sample, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return ReportJson.Serialize(sample, indented);
    }

    /// <summary>The sampled requests as CSV with a header row.</summary>
    public static string RenderCsv(AuditSample sample)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return RenderCsv(sample.Items);
    }

    /// <summary>The requests as CSV with a header row.</summary>
    public static string RenderCsv(IEnumerable<AuditSampleItem> items)
    {
        ArgumentNullException.ThrowIfNull(items);
        var csv = new StringBuilder();
        Rfc4180.AppendRecord(csv, CsvColumns);
        foreach (AuditSampleItem item in items)
        {
            Rfc4180.AppendRecord(csv,
            [
                item.RequestId,
                Formatting.UtcIso(item.Timestamp),
                item.Model,
                item.Shard,
                item.Line.ToString(CultureInfo.InvariantCulture),
                string.Join(';', item.Flags),
                item.InputPreview,
                item.OutputPreview,
            ]);
        }

        return csv.ToString();
    }
}
