using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
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

    private static readonly JsonSerializerOptions IndentedOptions = CreateOptions(indented: true);
    private static readonly JsonSerializerOptions CompactOptions = CreateOptions(indented: false);

    /// <summary>The sample as a JSON object: rate, from, to, requests_considered, count, items.</summary>
    public static string RenderJson(AuditSample sample, bool indented = true)
    {
        ArgumentNullException.ThrowIfNull(sample);
        return JsonSerializer.Serialize(sample, indented ? IndentedOptions : CompactOptions);
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

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            WriteIndented = indented,
            // Reviewers read Chinese previews; keep them as text rather than \uXXXX escapes (the response is JSON, not HTML).
            Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        };
        options.Converters.Add(new UtcConverter());
        options.MakeReadOnly(populateMissingResolver: true);
        return options;
    }

    /// <summary>Writes DateTimeOffset as "yyyy-MM-ddTHH:mm:ssZ" in UTC, as the report JSON does.</summary>
    private sealed class UtcConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(Formatting.UtcIso(value));
    }
}
