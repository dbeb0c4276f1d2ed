using System.Globalization;
using System.Text;
using System.Text.Json;

namespace QwenLogFunctions.Core.Parsing.Dialects;

/// <summary>
/// OpenTelemetry traces in OTLP/JSON, as the collector's file exporter writes them: one <c>ExportTraceServiceRequest</c>
/// per line (<c>resourceSpans[].scopeSpans[].spans[]</c>, attributes as <c>{key, value: {stringValue | intValue (a
/// string) | doubleValue | boolValue | arrayValue}}</c>, times as unix nanoseconds in strings). A span is a request when
/// it carries the GenAI attributes of a model call: the semantic conventions' (<c>gen_ai.usage.input_tokens</c>, ...) or
/// vLLM's own (vllm/tracing.py SpanAttributes: <c>gen_ai.usage.prompt_tokens</c>, <c>gen_ai.latency.e2e</c>, ..., in
/// seconds). Message content (events or <c>gen_ai.input.messages</c> / <c>gen_ai.output.messages</c>) feeds the rules;
/// without it the content flags are not applicable. The mapping table is in README.md.
/// </summary>
internal static class OtlpMapper
{
    private const string Name = "otlp";

    /// <summary>
    /// Maps every GenAI span of the line. A line without GenAI spans yields none (it holds no request). When a GenAI
    /// span does not map, the line's other spans still count and one reason names the first failing span.
    /// </summary>
    public static string? Map(JsonElement root, List<DialectRequest> requests)
    {
        if (!DialectJson.TryGet(root, "resourceSpans"u8, out var resourceSpans))
        {
            return DialectJson.Missing(Name, "resourceSpans");
        }

        if (resourceSpans.ValueKind != JsonValueKind.Array)
        {
            return DialectJson.WrongType(Name, "resourceSpans", "an array", resourceSpans);
        }

        string? firstError = null;
        int failed = 0;
        int r = 0;
        foreach (var resourceSpan in resourceSpans.EnumerateArray())
        {
            string? host = null;
            if (DialectJson.TryGet(resourceSpan, "resource"u8, out var resource) && DialectJson.TryGet(resource, "attributes"u8, out var resourceAttributes))
            {
                var attributes = Attributes(resourceAttributes);
                host = StringAttribute(attributes, "host.name") ?? StringAttribute(attributes, "service.instance.id");
            }

            if (DialectJson.TryGet(resourceSpan, "scopeSpans"u8, out var scopeSpans) && scopeSpans.ValueKind == JsonValueKind.Array)
            {
                int s = 0;
                foreach (var scopeSpan in scopeSpans.EnumerateArray())
                {
                    if (DialectJson.TryGet(scopeSpan, "spans"u8, out var spans) && spans.ValueKind == JsonValueKind.Array)
                    {
                        int index = 0;
                        foreach (var span in spans.EnumerateArray())
                        {
                            string? error = MapSpan(span, new SpanPath(r, s, index), host, requests);
                            if (error is not null)
                            {
                                failed++;
                                firstError ??= error;
                            }

                            index++;
                        }
                    }

                    s++;
                }
            }

            r++;
        }

        if (firstError is null)
        {
            return null;
        }

        return failed == 1 ? firstError : $"{firstError} (and {(failed - 1).ToString(CultureInfo.InvariantCulture)} more GenAI span(s) of this line)";
    }

    private static string? MapSpan(JsonElement span, SpanPath path, string? host, List<DialectRequest> requests)
    {
        if (span.ValueKind != JsonValueKind.Object)
        {
            return DialectJson.WrongType(Name, path.ToString(), "an object", span);
        }

        // One dictionary per thread, refilled per span: a span has a dozen attributes and a line many spans.
        var attributes = SpanAttributes ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        attributes.Clear();
        if (DialectJson.TryGet(span, "attributes"u8, out var list))
        {
            Fill(attributes, list);
        }

        if (!IsModelCall(attributes))
        {
            return null;
        }

        var request = new DialectRequest();
        string? error;
        if ((error = Count(attributes, path, out long input, "gen_ai.usage.input_tokens", "gen_ai.usage.prompt_tokens")) is not null
            || (error = Count(attributes, path, out long output, "gen_ai.usage.output_tokens", "gen_ai.usage.completion_tokens")) is not null
            || (error = Nanos(span, "startTimeUnixNano", path, out double start)) is not null
            || (error = Nanos(span, "endTimeUnixNano", path, out double end)) is not null
            || (error = Seconds(attributes, "gen_ai.latency.e2e", path, out double e2e)) is not null
            || (error = Seconds(attributes, "gen_ai.latency.time_to_first_token", path, out double firstToken)) is not null
            || (error = Seconds(attributes, "gen_ai.latency.time_in_queue", path, out double queue)) is not null
            || (error = Number(attributes, "gen_ai.request.temperature", path, out double temperature)) is not null)
        {
            return error;
        }

        if (double.IsNaN(start))
        {
            return DialectJson.Missing(Name, path + ".startTimeUnixNano");
        }

        request.IsError = IsErrorStatus(span) || attributes.ContainsKey("error.type");
        if (input < 0 || output < 0)
        {
            // A failed call may end before any usage is known; a successful one must say what it used.
            if (!request.IsError)
            {
                return DialectJson.Missing(Name, $"{path}.attributes.{(input < 0 ? "gen_ai.usage.input_tokens" : "gen_ai.usage.output_tokens")}");
            }
        }

        double startSeconds = start / 1e9;
        error = startSeconds is >= LogLineParser.MinTimestamp and < LogLineParser.MaxTimestamp
            ? null
            : DialectJson.CheckEpochSeconds(Name, path + ".startTimeUnixNano (as seconds)", startSeconds);
        if (error is not null)
        {
            return error;
        }

        request.TimestampSeconds = startSeconds;
        request.PromptTokens = Math.Max(0, input);
        request.CompletionTokens = Math.Max(0, output);
        request.TotalLatencyMs = !double.IsNaN(e2e) ? e2e * 1000.0 : !double.IsNaN(end) && end >= start ? (end - start) / 1e6 : double.NaN;
        request.FirstTokenLatencyMs = double.IsNaN(firstToken) ? double.NaN : firstToken * 1000.0;
        request.QueueTimeMs = double.IsNaN(queue) ? double.NaN : queue * 1000.0;
        request.Temperature = temperature;
        request.RequestId = StringAttribute(attributes, "gen_ai.request.id") ?? StringAttribute(attributes, "gen_ai.response.id")
            ?? (DialectJson.TryGet(span, "spanId"u8, out var spanId) && spanId.ValueKind == JsonValueKind.String ? spanId.GetString() : null);
        request.Model = StringAttribute(attributes, "gen_ai.response.model") ?? StringAttribute(attributes, "gen_ai.request.model");
        request.Device = StringAttribute(attributes, "server.address") ?? host;
        request.JsonMode = string.Equals(StringAttribute(attributes, "gen_ai.output.type"), "json", StringComparison.Ordinal);
        request.FinishReason = FinishReason(attributes);
        ReadContent(span, attributes, request);
        requests.Add(request);
        return null;
    }

    /// <summary>
    /// A model call: usage or model attributes, and no operation name that says it is something else (embeddings,
    /// tool execution, agent spans).
    /// </summary>
    private static bool IsModelCall(Dictionary<string, JsonElement> attributes)
    {
        if (StringAttribute(attributes, "gen_ai.operation.name") is { } operation
            && operation is not ("chat" or "text_completion" or "generate_content" or "completion"))
        {
            return false;
        }

        return attributes.ContainsKey("gen_ai.usage.input_tokens") || attributes.ContainsKey("gen_ai.usage.output_tokens")
            || attributes.ContainsKey("gen_ai.usage.prompt_tokens") || attributes.ContainsKey("gen_ai.usage.completion_tokens")
            || attributes.ContainsKey("gen_ai.request.model") || attributes.ContainsKey("gen_ai.response.model")
            || attributes.ContainsKey("gen_ai.latency.e2e");
    }

    private static bool IsErrorStatus(JsonElement span)
    {
        if (!DialectJson.TryGet(span, "status"u8, out var status) || !DialectJson.TryGet(status, "code"u8, out var code))
        {
            return false;
        }

        return code.ValueKind switch
        {
            JsonValueKind.Number => code.TryGetInt32(out int value) && value == 2,
            JsonValueKind.String => code.ValueEquals("STATUS_CODE_ERROR"u8) || code.ValueEquals("2"u8),
            _ => false,
        };
    }

    private static string? FinishReason(Dictionary<string, JsonElement> attributes)
    {
        if (!attributes.TryGetValue("gen_ai.response.finish_reasons", out var value) && !attributes.TryGetValue("gen_ai.response.finish_reason", out value))
        {
            return null;
        }

        string? first = null;
        foreach (var item in Values(value))
        {
            string? reason = AsString(item);
            if (reason == "length")
            {
                return reason; // any truncated choice makes the request truncated
            }

            first ??= reason;
        }

        return first;
    }

    /// <summary>
    /// Content, in the forms the conventions have used: gen_ai.input.messages / gen_ai.output.messages attributes (JSON),
    /// gen_ai.{system,user,assistant,tool}.message and gen_ai.choice events, gen_ai.content.prompt / .completion events.
    /// </summary>
    private static void ReadContent(JsonElement span, Dictionary<string, JsonElement> attributes, DialectRequest request)
    {
        string? input = null, conversation = null, output = null;
        bool toolCalls = false;
        if (StringAttribute(attributes, "gen_ai.input.messages") is { } inputJson && TryParse(inputJson, out var inputMessages))
        {
            using (inputMessages)
            {
                if (DialectJson.ReadMessages(inputMessages.RootElement, out string lastUser, out string all))
                {
                    input = lastUser;
                    conversation = all;
                }
            }
        }

        if (StringAttribute(attributes, "gen_ai.output.messages") is { } outputJson && TryParse(outputJson, out var outputMessages))
        {
            using (outputMessages)
            {
                output = OutputText(outputMessages.RootElement, ref toolCalls, out bool toolCallsOnly);
                request.AnswerIsToolCallsOnly = toolCallsOnly;
            }
        }

        if (DialectJson.TryGet(span, "events"u8, out var events) && events.ValueKind == JsonValueKind.Array)
        {
            var all = new StringBuilder(conversation ?? string.Empty);
            foreach (var spanEvent in events.EnumerateArray())
            {
                string? name = DialectJson.TryGet(spanEvent, "name"u8, out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() : null;
                var eventAttributes = EventAttributes ??= new Dictionary<string, JsonElement>(StringComparer.Ordinal);
                eventAttributes.Clear();
                if (DialectJson.TryGet(spanEvent, "attributes"u8, out var list))
                {
                    Fill(eventAttributes, list);
                }

                switch (name)
                {
                    case "gen_ai.user.message" or "gen_ai.system.message" or "gen_ai.assistant.message" or "gen_ai.tool.message":
                        string text = StringAttribute(eventAttributes, "content") ?? string.Empty;
                        Append(all, text);
                        if (name == "gen_ai.user.message")
                        {
                            input = text;
                        }

                        break;
                    case "gen_ai.content.prompt":
                        string prompt = StringAttribute(eventAttributes, "gen_ai.prompt") ?? string.Empty;
                        if (TryParse(prompt, out var promptMessages))
                        {
                            using (promptMessages)
                            {
                                if (DialectJson.ReadMessages(promptMessages.RootElement, out string lastUser, out string whole))
                                {
                                    input = lastUser;
                                    Append(all, whole);
                                    break;
                                }
                            }
                        }

                        input = prompt;
                        Append(all, prompt);
                        break;
                    case "gen_ai.choice":
                        output = (output is null ? string.Empty : output + "\n") + ChoiceText(eventAttributes, ref toolCalls);
                        break;
                    case "gen_ai.content.completion":
                        output = (output is null ? string.Empty : output + "\n") + (StringAttribute(eventAttributes, "gen_ai.completion") ?? string.Empty);
                        break;
                }
            }

            if (all.Length > 0)
            {
                conversation = all.ToString();
            }
        }

        request.InputAbsent = input is null && conversation is null;
        request.Input = input ?? string.Empty;
        request.Conversation = conversation;
        request.OutputAbsent = output is null;
        request.Output = output ?? string.Empty;
        request.FunctionCalling |= toolCalls;
    }

    private static string OutputText(JsonElement messages, ref bool toolCalls) => OutputText(messages, ref toolCalls, out _);

    private static string OutputText(JsonElement messages, ref bool toolCalls, out bool toolCallsOnly)
    {
        var builder = new StringBuilder();
        bool text = false, calls = false;
        foreach (var message in messages.ValueKind == JsonValueKind.Array ? messages.EnumerateArray().ToList() : [messages])
        {
            if (DialectJson.TryGet(message, "parts"u8, out var parts) && parts.ValueKind == JsonValueKind.Array)
            {
                foreach (var part in parts.EnumerateArray())
                {
                    string? type = DialectJson.TryGet(part, "type"u8, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString() : null;
                    if (type == "tool_call")
                    {
                        // {"type": "tool_call", "name": ..., "arguments": {...}}: the same shape as an OpenAI function.
                        DialectJson.AppendToolCall(builder, part);
                        toolCalls = calls = true;
                    }
                    else if (DialectJson.TryGet(part, "content"u8, out var content) && content.ValueKind == JsonValueKind.String)
                    {
                        Append(builder, content.GetString()!);
                        text |= content.GetString()!.Length > 0;
                    }
                }
            }
            else
            {
                string content = DialectJson.TryGet(message, "content"u8, out var c) ? DialectJson.ContentText(c) : string.Empty;
                Append(builder, content);
                text |= content.Length > 0;
                if (DialectJson.TryGet(message, "tool_calls"u8, out var list) && DialectJson.AppendToolCalls(builder, list) > 0)
                {
                    toolCalls = calls = true;
                }
            }
        }

        toolCallsOnly = calls && !text;
        return builder.ToString();
    }

    private static string ChoiceText(Dictionary<string, JsonElement> attributes, ref bool toolCalls)
    {
        if (StringAttribute(attributes, "message") is { } messageJson && TryParse(messageJson, out var message))
        {
            using (message)
            {
                return OutputText(message.RootElement, ref toolCalls);
            }
        }

        return StringAttribute(attributes, "content") ?? string.Empty;
    }

    private static void Append(StringBuilder builder, string text)
    {
        if (text.Length == 0)
        {
            return;
        }

        if (builder.Length > 0)
        {
            builder.Append('\n');
        }

        builder.Append(text);
    }

    private static bool TryParse(string json, out JsonDocument document)
    {
        try
        {
            // JSON held in a string attribute may hold lone surrogate escapes of its own: rewritten as in the line.
            byte[] utf8 = Encoding.UTF8.GetBytes(json);
            LoneSurrogateEscapes.Replace(utf8);
            document = JsonDocument.Parse(utf8);
            return true;
        }
        catch (JsonException)
        {
            document = null!;
            return false;
        }
    }

    [ThreadStatic]
    private static Dictionary<string, JsonElement>? SpanAttributes;

    [ThreadStatic]
    private static Dictionary<string, JsonElement>? EventAttributes;

    /// <summary>
    /// The attribute keys the mapping reads. Only these are kept, as constant strings: a span carries many other
    /// attributes, and materializing every key as a new string was most of the cost of a span.
    /// </summary>
    private static readonly string[] KnownKeys =
    [
        "content",
        "error.type",
        "gen_ai.completion",
        "gen_ai.input.messages",
        "gen_ai.latency.e2e",
        "gen_ai.latency.time_in_queue",
        "gen_ai.latency.time_to_first_token",
        "gen_ai.operation.name",
        "gen_ai.output.messages",
        "gen_ai.output.type",
        "gen_ai.prompt",
        "gen_ai.request.id",
        "gen_ai.request.model",
        "gen_ai.request.temperature",
        "gen_ai.response.finish_reason",
        "gen_ai.response.finish_reasons",
        "gen_ai.response.id",
        "gen_ai.response.model",
        "gen_ai.usage.completion_tokens",
        "gen_ai.usage.input_tokens",
        "gen_ai.usage.output_tokens",
        "gen_ai.usage.prompt_tokens",
        "host.name",
        "message",
        "server.address",
        "service.instance.id",
    ];

    private static readonly byte[][] KnownKeysUtf8 = [.. KnownKeys.Select(System.Text.Encoding.UTF8.GetBytes)];

    private static string? KnownKey(JsonElement key)
    {
        for (int i = 0; i < KnownKeysUtf8.Length; i++)
        {
            if (key.ValueEquals(KnownKeysUtf8[i]))
            {
                return KnownKeys[i];
            }
        }

        return null;
    }

    /// <summary>OTLP's [{key, value: AnyValue}] list as key → AnyValue (known keys only; the last one wins on a repeated key).</summary>
    private static Dictionary<string, JsonElement> Attributes(JsonElement list)
    {
        var result = new Dictionary<string, JsonElement>(StringComparer.Ordinal);
        Fill(result, list);
        return result;
    }

    private static void Fill(Dictionary<string, JsonElement> result, JsonElement list)
    {
        if (list.ValueKind != JsonValueKind.Array)
        {
            return;
        }

        foreach (var attribute in list.EnumerateArray())
        {
            if (DialectJson.TryGet(attribute, "key"u8, out var key) && key.ValueKind == JsonValueKind.String && KnownKey(key) is { } name
                && DialectJson.TryGet(attribute, "value"u8, out var value))
            {
                result[name] = value;
            }
        }
    }

    /// <summary>The scalar inside an AnyValue: stringValue, intValue (a string in OTLP/JSON, or a number), doubleValue, boolValue.</summary>
    private static JsonElement Scalar(JsonElement anyValue)
    {
        if (anyValue.ValueKind != JsonValueKind.Object)
        {
            return anyValue;
        }

        // An AnyValue holds one of its fields: take the first that is a scalar.
        foreach (var field in anyValue.EnumerateObject())
        {
            if (field.NameEquals("stringValue"u8) || field.NameEquals("intValue"u8) || field.NameEquals("doubleValue"u8) || field.NameEquals("boolValue"u8))
            {
                return field.Value;
            }
        }

        return default;
    }

    private static List<JsonElement> Values(JsonElement anyValue)
    {
        if (DialectJson.TryGet(anyValue, "arrayValue"u8, out var array))
        {
            if (DialectJson.TryGet(array, "values"u8, out var values) && values.ValueKind == JsonValueKind.Array)
            {
                return values.EnumerateArray().Select(Scalar).ToList();
            }

            return [];
        }

        return [Scalar(anyValue)];
    }

    private static string? AsString(JsonElement scalar) => scalar.ValueKind == JsonValueKind.String ? scalar.GetString() : null;

    private static string? StringAttribute(Dictionary<string, JsonElement> attributes, string key) =>
        attributes.TryGetValue(key, out var value) ? AsString(Scalar(value)) : null;

    /// <summary>A number from intValue (string or number) or doubleValue; absent gives NaN.</summary>
    private static string? Number(Dictionary<string, JsonElement> attributes, string key, SpanPath path, out double value)
    {
        value = double.NaN;
        if (!attributes.TryGetValue(key, out var anyValue))
        {
            return null;
        }

        var scalar = Scalar(anyValue);
        if (scalar.ValueKind == JsonValueKind.Number && scalar.TryGetDouble(out value) && double.IsFinite(value))
        {
            return null;
        }

        if (scalar.ValueKind == JsonValueKind.String
            && double.TryParse(scalar.GetString(), NumberStyles.Float, CultureInfo.InvariantCulture, out value) && double.IsFinite(value))
        {
            return null;
        }

        value = double.NaN;
        return scalar.ValueKind is JsonValueKind.Number or JsonValueKind.String
            ? $"{Name}: attribute '{key}' of {path} is not a finite number"
            : $"{Name}: attribute '{key}' of {path} has wrong type: expected intValue or doubleValue, found {DialectJson.Describe(scalar.ValueKind)}";
    }

    private static string? Seconds(Dictionary<string, JsonElement> attributes, string key, SpanPath path, out double value)
    {
        string? error = Number(attributes, key, path, out value);
        return error is null && value < 0 ? $"{Name}: attribute '{key}' of {path} is negative ({DialectJson.Format(value)})" : error;
    }

    /// <summary>A token count from the first attribute present among <paramref name="keys"/>; absent gives -1.</summary>
    private static string? Count(Dictionary<string, JsonElement> attributes, SpanPath path, out long value, params ReadOnlySpan<string> keys)
    {
        value = -1;
        foreach (string key in keys)
        {
            if (!attributes.ContainsKey(key))
            {
                continue;
            }

            string? error = Number(attributes, key, path, out double number);
            if (error is not null)
            {
                return error;
            }

            if (number < 0 || number != Math.Floor(number) || number > 1e15)
            {
                return $"{Name}: attribute '{key}' of {path} is not a non-negative integer ({DialectJson.Format(number)})";
            }

            value = (long)number;
            return null;
        }

        return null;
    }

    /// <summary>Unix nanoseconds, a string of digits in OTLP/JSON (a number is accepted too); absent gives NaN.</summary>
    private static string? Nanos(JsonElement span, string name, SpanPath path, out double nanos)
    {
        nanos = double.NaN;
        if (!DialectJson.TryGet(span, name, out var value))
        {
            return null;
        }

        if (value.ValueKind == JsonValueKind.String && ulong.TryParse(value.GetString(), NumberStyles.None, CultureInfo.InvariantCulture, out ulong parsed))
        {
            nanos = parsed;
            return null;
        }

        if (value.ValueKind == JsonValueKind.Number && value.TryGetUInt64(out parsed))
        {
            nanos = parsed;
            return null;
        }

        return DialectJson.WrongType(Name, $"{path}.{name}", "unix nanoseconds (a string of digits)", value);
    }

    /// <summary>Where a span is in the request; turned into text only for a rejection reason.</summary>
    private readonly record struct SpanPath(int Resource, int Scope, int Span)
    {
        public override string ToString() =>
            string.Create(CultureInfo.InvariantCulture, $"resourceSpans[{Resource}].scopeSpans[{Scope}].spans[{Span}]");
    }

    /// <summary>Whether a line is an ExportTraceServiceRequest (detection).</summary>
    public static bool Looks(JsonElement root) => root.TryGetProperty("resourceSpans", out _);
}
