using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using QwenLogFunctions.Core.Audit;

namespace QwenLogFunctions.Core.Reports;

/// <summary>Serialization of <see cref="AnalysisReport"/>: snake_case names, UTC times with a Z, no NaN or Infinity.</summary>
public static class ReportJson
{
    /// <summary>Options shared by the CLI and the HTTP API so both print the same bytes for the same report.</summary>
    public static JsonSerializerOptions Options { get; } = CreateOptions(indented: true);

    /// <summary>The same, without indentation.</summary>
    public static JsonSerializerOptions CompactOptions { get; } = CreateOptions(indented: false);

    /// <summary>Serializes a report.</summary>
    public static string Serialize(AnalysisReport report, bool indented = true) =>
        JsonSerializer.Serialize(report, TypeInfo<AnalysisReport>(indented));

    /// <summary>Writes a report to a stream as UTF-8.</summary>
    public static Task SerializeAsync(Stream stream, AnalysisReport report, bool indented = true, CancellationToken cancellationToken = default) =>
        JsonSerializer.SerializeAsync(stream, report, TypeInfo<AnalysisReport>(indented), cancellationToken);

    /// <summary>Serializes an audit sample.</summary>
    public static string Serialize(AuditSample sample, bool indented = true) =>
        JsonSerializer.Serialize(sample, TypeInfo<AuditSample>(indented));

    /// <summary>Reads a report back (tests, tools).</summary>
    public static AnalysisReport? Deserialize(string json) => JsonSerializer.Deserialize(json, TypeInfo<AnalysisReport>(indented: true));

    /// <summary>
    /// The contract of <typeparamref name="T"/> under these options. Only the source-generated metadata is asked
    /// (the qwenlog CLI runs as native code, without reflection-based serialization), so a type outside
    /// <see cref="ReportJsonContext"/> fails here, at once, rather than in the published binary.
    /// </summary>
    public static JsonTypeInfo<T> TypeInfo<T>(bool indented) => (JsonTypeInfo<T>)(indented ? Options : CompactOptions).GetTypeInfo(typeof(T));

    private static JsonSerializerOptions CreateOptions(bool indented)
    {
        var options = new JsonSerializerOptions
        {
            PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
            DictionaryKeyPolicy = null,
            WriteIndented = indented,
            // Chinese text must stay readable in the output, as the article's ensure_ascii=False does.
            Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
            NumberHandling = JsonNumberHandling.Strict,
        };
        options.Converters.Add(new UtcHourConverter());

        // The report's contract comes from source-generated metadata (ReportJsonContext): serializing it through
        // reflection compiled about 130 methods and emitted IL at every start, a tenth of a 100,000-line analysis,
        // and the native qwenlog binary has no reflection-based serialization at all. Names, escaping and converters
        // still come from these options. The Functions app adds the reflection resolver for its other API responses.
        options.TypeInfoResolver = ReportJsonContext.Default;
        options.MakeReadOnly();
        return options;
    }

    /// <summary>Writes DateTimeOffset as "yyyy-MM-ddTHH:mm:ssZ" in UTC.</summary>
    private sealed class UtcHourConverter : JsonConverter<DateTimeOffset>
    {
        public override DateTimeOffset Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) =>
            DateTimeOffset.Parse(reader.GetString()!, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal);

        public override void Write(Utf8JsonWriter writer, DateTimeOffset value, JsonSerializerOptions options) =>
            writer.WriteStringValue(value.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture));
    }
}

/// <summary>Compile-time serialization metadata of the report and the audit sample (see <see cref="ReportJson"/>).</summary>
[JsonSerializable(typeof(AnalysisReport))]
[JsonSerializable(typeof(AuditSample))]
internal sealed partial class ReportJsonContext : JsonSerializerContext;
