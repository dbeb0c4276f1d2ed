using System.Globalization;
using System.IO.Compression;
using System.Text;
using System.Text.Json;
using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Generation;

/// <summary>
/// Rewrites generated lines of the article's schema into another input dialect, request for request, so benchmarks and
/// pipeline runs cover every dialect with the same texts, tokens, latencies and flags: LiteLLM StandardLoggingPayload
/// lines, OpenAI batch output lines, or OTLP/JSON lines holding <see cref="SpansPerOtlpLine"/> GenAI spans (vLLM's latency
/// attributes plus message events) each. Lines that are not JSON objects (the generator's deliberately broken lines)
/// are copied as they are, so they are rejected in the target dialect too.
/// </summary>
public static class DialectLineWriter
{
    /// <summary>GenAI spans written per OTLP line (an exporter batches several spans per request).</summary>
    public const int SpansPerOtlpLine = 4;

    private static readonly JsonWriterOptions WriterOptions = new() { Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    /// <summary>Converts the article-schema JSON Lines in <paramref name="source"/> to <paramref name="dialect"/>; returns the bytes written (uncompressed).</summary>
    public static long Convert(Stream source, Stream destination, LogDialect dialect, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(destination);
        var counting = new CountingStream(gzip ? new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true) : destination, ownsInner: gzip);
        using (counting)
        {
            using var reader = new StreamReader(source, new UTF8Encoding(false), detectEncodingFromByteOrderMarks: false);
            var pendingSpans = new List<JsonElement>();
            var documents = new List<JsonDocument>();
            using var buffer = new MemoryStream();
            string? line;
            while ((line = reader.ReadLine()) is not null)
            {
                JsonDocument? document = TryParseObject(line);
                if (document is null || dialect == LogDialect.Article)
                {
                    document?.Dispose();
                    WriteRaw(counting, line);
                    continue;
                }

                if (dialect == LogDialect.Otlp)
                {
                    documents.Add(document);
                    pendingSpans.Add(document.RootElement);
                    if (pendingSpans.Count == SpansPerOtlpLine)
                    {
                        WriteOtlp(counting, buffer, pendingSpans);
                        DisposeAll(documents, pendingSpans);
                    }

                    continue;
                }

                using (document)
                {
                    buffer.SetLength(0);
                    using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
                    {
                        if (dialect == LogDialect.LiteLlm)
                        {
                            WriteLiteLlm(writer, document.RootElement);
                        }
                        else
                        {
                            WriteBatch(writer, document.RootElement);
                        }
                    }

                    buffer.WriteByte((byte)'\n');
                    counting.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
                }
            }

            if (pendingSpans.Count > 0)
            {
                WriteOtlp(counting, buffer, pendingSpans);
                DisposeAll(documents, pendingSpans);
            }

            counting.Flush();
            return counting.BytesWritten;
        }
    }

    /// <summary>Converts a file (plain or gzip) to another file.</summary>
    public static long ConvertFile(string sourcePath, string destinationPath, LogDialect dialect, bool gzip)
    {
        using var input = File.OpenRead(sourcePath);
        using var output = File.Create(destinationPath);
        return Convert(input, output, dialect, gzip);
    }

    private static void WriteLiteLlm(Utf8JsonWriter writer, JsonElement line)
    {
        var metadata = Object(line, "metadata");
        double start = Timestamp(line);
        double total = Number(metadata, "total_latency_ms") ?? 0;
        double? first = Number(metadata, "first_token_latency_ms");
        string model = String(line, "model") ?? "qwen2.5-7b-instruct";
        string device = String(metadata, "device") ?? "cuda:0";
        bool error = IsError(line);
        writer.WriteStartObject();
        writer.WriteString("id", String(line, "request_id") ?? Guid.NewGuid().ToString());
        writer.WriteString("trace_id", "trace-" + (String(line, "request_id") ?? string.Empty));
        writer.WriteString("call_type", "acompletion");
        writer.WriteBoolean("stream", first is not null);
        writer.WriteNumber("response_cost", 0.0);
        writer.WriteString("status", error ? "failure" : "success");
        writer.WriteString("custom_llm_provider", "hosted_vllm");
        writer.WriteNumber("total_tokens", Count(metadata, "prompt_tokens") + Count(metadata, "completion_tokens"));
        writer.WriteNumber("prompt_tokens", Count(metadata, "prompt_tokens"));
        writer.WriteNumber("completion_tokens", Count(metadata, "completion_tokens"));
        writer.WriteNumber("startTime", start);
        writer.WriteNumber("endTime", start + (total / 1000.0));
        writer.WriteNumber("completionStartTime", start + ((first ?? total) / 1000.0));
        writer.WriteNumber("response_time", (first ?? total) / 1000.0);
        writer.WriteString("model", "hosted_vllm/" + model);
        writer.WriteString("model_id", "deployment-" + device);
        writer.WriteString("model_group", model);
        writer.WriteString("api_base", ApiBase(device));
        writer.WriteStartObject("metadata");
        writer.WriteNull("user_api_key_hash");
        writer.WriteNull("spend_logs_metadata");
        writer.WriteEndObject();
        writer.WriteBoolean("cache_hit", false);
        writer.WriteStartArray("request_tags");
        writer.WriteEndArray();
        writer.WriteStartArray("messages");
        writer.WriteStartObject();
        writer.WriteString("role", "system");
        writer.WriteString("content", "You are Qwen, created by Alibaba Cloud. You are a helpful assistant.");
        writer.WriteEndObject();
        writer.WriteStartObject();
        writer.WriteString("role", "user");
        writer.WriteString("content", String(line, "input") ?? string.Empty);
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WritePropertyName("response");
        WriteCompletion(writer, line, metadata, (long)start, model);
        writer.WriteStartObject("model_parameters");
        if (Number(metadata, "temperature") is { } temperature)
        {
            writer.WriteNumber("temperature", temperature);
        }

        if (Bool(metadata, "json_mode"))
        {
            writer.WriteStartObject("response_format");
            writer.WriteString("type", "json_object");
            writer.WriteEndObject();
        }

        writer.WriteEndObject();
        writer.WriteStartObject("hidden_params");
        writer.WriteString("model_id", "deployment-" + device);
        writer.WriteString("api_base", ApiBase(device));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteBatch(Utf8JsonWriter writer, JsonElement line)
    {
        var metadata = Object(line, "metadata");
        string id = String(line, "request_id") ?? Guid.NewGuid().ToString();
        writer.WriteStartObject();
        writer.WriteString("id", "batch_req_" + id);
        writer.WriteString("custom_id", id);
        writer.WriteStartObject("response");
        writer.WriteNumber("status_code", 200);
        writer.WriteString("request_id", "vllm-batch-" + id);
        writer.WritePropertyName("body");
        WriteCompletion(writer, line, metadata, (long)Timestamp(line), String(line, "model") ?? "qwen2.5-7b-instruct");
        writer.WriteEndObject();
        writer.WriteNull("error");
        writer.WriteEndObject();
    }

    /// <summary>An OpenAI chat completion holding the line's output and usage.</summary>
    private static void WriteCompletion(Utf8JsonWriter writer, JsonElement line, JsonElement metadata, long created, string model)
    {
        writer.WriteStartObject();
        writer.WriteString("id", "chatcmpl-" + (String(line, "request_id") ?? string.Empty));
        writer.WriteString("object", "chat.completion");
        writer.WriteNumber("created", created);
        writer.WriteString("model", model);
        writer.WriteStartArray("choices");
        writer.WriteStartObject();
        writer.WriteNumber("index", 0);
        writer.WriteStartObject("message");
        writer.WriteString("role", "assistant");
        writer.WriteString("content", String(line, "output") ?? string.Empty);
        writer.WriteEndObject();
        writer.WriteString("finish_reason", String(metadata, "finish_reason") ?? String(line, "finish_reason") ?? "stop");
        writer.WriteEndObject();
        writer.WriteEndArray();
        writer.WriteStartObject("usage");
        writer.WriteNumber("prompt_tokens", Count(metadata, "prompt_tokens"));
        writer.WriteNumber("completion_tokens", Count(metadata, "completion_tokens"));
        writer.WriteNumber("total_tokens", Count(metadata, "prompt_tokens") + Count(metadata, "completion_tokens"));
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void WriteOtlp(Stream destination, MemoryStream buffer, List<JsonElement> lines)
    {
        buffer.SetLength(0);
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            writer.WriteStartObject();
            writer.WriteStartArray("resourceSpans");
            writer.WriteStartObject();
            writer.WriteStartObject("resource");
            writer.WriteStartArray("attributes");
            Attribute(writer, "service.name", "vllm");
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteStartArray("scopeSpans");
            writer.WriteStartObject();
            writer.WriteStartObject("scope");
            writer.WriteString("name", "vllm.llm_engine");
            writer.WriteEndObject();
            writer.WriteStartArray("spans");
            foreach (var line in lines)
            {
                WriteSpan(writer, line);
            }

            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
        }

        buffer.WriteByte((byte)'\n');
        destination.Write(buffer.GetBuffer(), 0, (int)buffer.Length);
    }

    private static void WriteSpan(Utf8JsonWriter writer, JsonElement line)
    {
        var metadata = Object(line, "metadata");
        string id = String(line, "request_id") ?? Guid.NewGuid().ToString();
        long startNanos = (long)Math.Round(Timestamp(line) * 1e9);
        double total = Number(metadata, "total_latency_ms") ?? 0;
        writer.WriteStartObject();
        writer.WriteString("traceId", Convert16(id, 32));
        writer.WriteString("spanId", Convert16(id, 16));
        writer.WriteString("name", "llm_request");
        writer.WriteNumber("kind", 2);
        writer.WriteString("startTimeUnixNano", startNanos.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("endTimeUnixNano", (startNanos + (long)Math.Round(total * 1e6)).ToString(CultureInfo.InvariantCulture));
        writer.WriteStartArray("attributes");
        Attribute(writer, "gen_ai.response.model", String(line, "model") ?? "qwen2.5-7b-instruct");
        Attribute(writer, "gen_ai.request.id", id);
        IntAttribute(writer, "gen_ai.usage.prompt_tokens", Count(metadata, "prompt_tokens"));
        IntAttribute(writer, "gen_ai.usage.completion_tokens", Count(metadata, "completion_tokens"));
        if (Number(metadata, "temperature") is { } temperature)
        {
            DoubleAttribute(writer, "gen_ai.request.temperature", temperature);
        }

        if (Number(metadata, "queue_time_ms") is { } queue)
        {
            DoubleAttribute(writer, "gen_ai.latency.time_in_queue", queue / 1000.0);
        }

        if (Number(metadata, "first_token_latency_ms") is { } first)
        {
            DoubleAttribute(writer, "gen_ai.latency.time_to_first_token", first / 1000.0);
        }

        DoubleAttribute(writer, "gen_ai.latency.e2e", total / 1000.0);
        if ((String(metadata, "finish_reason") ?? String(line, "finish_reason")) is { } finish)
        {
            writer.WriteStartObject();
            writer.WriteString("key", "gen_ai.response.finish_reasons");
            writer.WriteStartObject("value");
            writer.WriteStartObject("arrayValue");
            writer.WriteStartArray("values");
            writer.WriteStartObject();
            writer.WriteString("stringValue", finish);
            writer.WriteEndObject();
            writer.WriteEndArray();
            writer.WriteEndObject();
            writer.WriteEndObject();
            writer.WriteEndObject();
        }

        if (Bool(metadata, "json_mode"))
        {
            Attribute(writer, "gen_ai.output.type", "json");
        }

        writer.WriteEndArray();
        writer.WriteStartArray("events");
        Event(writer, "gen_ai.user.message", "content", String(line, "input") ?? string.Empty, startNanos);
        Event(writer, "gen_ai.choice", "content", String(line, "output") ?? string.Empty, startNanos + (long)Math.Round(total * 1e6));
        writer.WriteEndArray();
        writer.WriteStartObject("status");
        if (IsError(line))
        {
            writer.WriteNumber("code", 2);
        }

        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static void Event(Utf8JsonWriter writer, string name, string key, string value, long nanos)
    {
        writer.WriteStartObject();
        writer.WriteString("timeUnixNano", nanos.ToString(CultureInfo.InvariantCulture));
        writer.WriteString("name", name);
        writer.WriteStartArray("attributes");
        Attribute(writer, key, value);
        writer.WriteEndArray();
        writer.WriteEndObject();
    }

    private static void Attribute(Utf8JsonWriter writer, string key, string value)
    {
        StartAttribute(writer, key);
        writer.WriteString("stringValue", value);
        EndAttribute(writer);
    }

    private static void IntAttribute(Utf8JsonWriter writer, string key, long value)
    {
        StartAttribute(writer, key);
        writer.WriteString("intValue", value.ToString(CultureInfo.InvariantCulture)); // OTLP/JSON writes int64 as a string
        EndAttribute(writer);
    }

    private static void DoubleAttribute(Utf8JsonWriter writer, string key, double value)
    {
        StartAttribute(writer, key);
        writer.WriteNumber("doubleValue", value);
        EndAttribute(writer);
    }

    // An OTLP attribute is {"key": ..., "value": {"<type>Value": ...}}: these write all but the typed value.
    private static void StartAttribute(Utf8JsonWriter writer, string key)
    {
        writer.WriteStartObject();
        writer.WriteString("key", key);
        writer.WriteStartObject("value");
    }

    private static void EndAttribute(Utf8JsonWriter writer)
    {
        writer.WriteEndObject();
        writer.WriteEndObject();
    }

    private static string ApiBase(string device) => "http://vllm-" + device.Replace(':', '-') + ":8000/v1";

    private static string Convert16(string id, int length)
    {
        string hex = System.Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(id)));
        return hex[..length];
    }

    private static bool IsError(JsonElement line)
    {
        string? level = String(line, "level");
        return level is not null && (level.Equals("ERROR", StringComparison.OrdinalIgnoreCase) || level.Equals("CRITICAL", StringComparison.OrdinalIgnoreCase));
    }

    private static double Timestamp(JsonElement line)
    {
        if (line.TryGetProperty("timestamp", out var value))
        {
            if (value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double seconds))
            {
                return seconds;
            }

            if (value.ValueKind == JsonValueKind.String && DateTimeOffset.TryParse(value.GetString(), CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal, out var time))
            {
                return time.ToUnixTimeMilliseconds() / 1000.0;
            }
        }

        return 0; // rejected in the target dialect as an implausible time, as the article line would be
    }

    private static JsonElement Object(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Object ? value : default;

    private static string? String(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    private static double? Number(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetDouble(out double number) ? number : null;

    private static long Count(JsonElement parent, string name) => (long)(Number(parent, name) ?? 0);

    private static bool Bool(JsonElement parent, string name) =>
        parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.True;

    private static JsonDocument? TryParseObject(string line)
    {
        try
        {
            var document = JsonDocument.Parse(line);
            if (document.RootElement.ValueKind == JsonValueKind.Object)
            {
                return document;
            }

            document.Dispose();
            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }

    private static void WriteRaw(Stream destination, string line)
    {
        byte[] bytes = Encoding.UTF8.GetBytes(line + "\n");
        destination.Write(bytes);
    }

    private static void DisposeAll(List<JsonDocument> documents, List<JsonElement> spans)
    {
        foreach (var document in documents)
        {
            document.Dispose();
        }

        documents.Clear();
        spans.Clear();
    }

    /// <summary>Counts the uncompressed bytes written.</summary>
    private sealed class CountingStream(Stream inner, bool ownsInner) : Stream
    {
        public long BytesWritten { get; private set; }

        public override bool CanRead => false;
        public override bool CanSeek => false;
        public override bool CanWrite => true;
        public override long Length => BytesWritten;
        public override long Position { get => BytesWritten; set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            inner.Write(buffer);
            BytesWritten += buffer.Length;
        }

        public override void Flush() => inner.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing && ownsInner)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }
    }
}
