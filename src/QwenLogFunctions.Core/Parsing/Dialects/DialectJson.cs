using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace QwenLogFunctions.Core.Parsing.Dialects;

/// <summary>
/// Typed reads of JSON fields for the dialect mappers. Every failure is a reason naming the dialect and the field's
/// full path, like the article parser's ("litellm: field 'startTime' has wrong type: expected a number, found string").
/// JSON null counts as absent, as in the article's schema.
/// </summary>
internal static class DialectJson
{
    public static string Missing(string dialect, string path) => $"{dialect}: missing required field '{path}'";

    public static string WrongType(string dialect, string path, string expected, JsonElement found) =>
        $"{dialect}: field '{path}' has wrong type: expected {expected}, found {Describe(found.ValueKind)}";

    public static string Describe(JsonValueKind kind) => kind switch
    {
        JsonValueKind.Object => "object",
        JsonValueKind.Array => "array",
        JsonValueKind.String => "string",
        JsonValueKind.Number => "number",
        JsonValueKind.True or JsonValueKind.False => "boolean",
        JsonValueKind.Null => "null",
        _ => "nothing",
    };

    /// <summary>The property's value unless it is absent or null.</summary>
    public static bool TryGet(JsonElement parent, string name, out JsonElement value)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>The same with a UTF-8 name, for hot paths (no transcoding of the name per call).</summary>
    public static bool TryGet(JsonElement parent, ReadOnlySpan<byte> name, out JsonElement value)
    {
        if (parent.ValueKind == JsonValueKind.Object && parent.TryGetProperty(name, out value) && value.ValueKind != JsonValueKind.Null)
        {
            return true;
        }

        value = default;
        return false;
    }

    /// <summary>An optional object: absent gives default; any other type is an error.</summary>
    public static string? OptionalObject(string dialect, JsonElement parent, string name, string path, out JsonElement value)
    {
        if (!TryGet(parent, name, out value))
        {
            return null;
        }

        return value.ValueKind == JsonValueKind.Object ? null : WrongType(dialect, path, "an object", value);
    }

    /// <summary>An optional string: absent gives null.</summary>
    public static string? OptionalString(string dialect, JsonElement parent, string name, string path, out string? value)
    {
        value = null;
        if (!TryGet(parent, name, out var element))
        {
            return null;
        }

        if (element.ValueKind != JsonValueKind.String)
        {
            return WrongType(dialect, path, "a string", element);
        }

        value = element.GetString();
        return null;
    }

    /// <summary>A finite number (JSON number); absent gives NaN.</summary>
    public static string? OptionalNumber(string dialect, JsonElement parent, string name, string path, out double value)
    {
        value = double.NaN;
        if (!TryGet(parent, name, out var element))
        {
            return null;
        }

        return Number(dialect, element, path, out value);
    }

    public static string? Number(string dialect, JsonElement element, string path, out double value)
    {
        value = double.NaN;
        if (element.ValueKind != JsonValueKind.Number)
        {
            return WrongType(dialect, path, "a number", element);
        }

        if (!element.TryGetDouble(out value) || !double.IsFinite(value))
        {
            value = double.NaN;
            return $"{dialect}: field '{path}' is out of range (not a finite number)";
        }

        return null;
    }

    /// <summary>A finite, non-negative number; absent gives NaN.</summary>
    public static string? OptionalMeasure(string dialect, JsonElement parent, string name, string path, out double value)
    {
        string? error = OptionalNumber(dialect, parent, name, path, out value);
        return error is null && value < 0 ? $"{dialect}: field '{path}' is negative ({Format(value)})" : error;
    }

    /// <summary>A required non-negative integer count.</summary>
    public static string? RequiredCount(string dialect, JsonElement parent, string name, string path, out long value)
    {
        value = 0;
        if (!TryGet(parent, name, out var element))
        {
            return Missing(dialect, path);
        }

        return Count(dialect, element, path, out value);
    }

    /// <summary>An optional non-negative integer count; absent gives -1.</summary>
    public static string? OptionalCount(string dialect, JsonElement parent, string name, string path, out long value)
    {
        value = -1;
        return TryGet(parent, name, out var element) ? Count(dialect, element, path, out value) : null;
    }

    public static string? Count(string dialect, JsonElement element, string path, out long value)
    {
        value = 0;
        if (element.ValueKind != JsonValueKind.Number)
        {
            return WrongType(dialect, path, "a non-negative integer", element);
        }

        if (!element.TryGetInt64(out value))
        {
            if (!element.TryGetDouble(out double d) || !double.IsFinite(d) || d != Math.Floor(d) || Math.Abs(d) > 1e15)
            {
                return $"{dialect}: field '{path}' is not an integer";
            }

            value = (long)d;
        }

        return value < 0 ? $"{dialect}: field '{path}' is negative ({value.ToString(CultureInfo.InvariantCulture)})" : null;
    }

    /// <summary>Epoch seconds checked like the article's timestamp (2000-01-01 to 2100-01-01, a hint for milliseconds).</summary>
    public static string? CheckEpochSeconds(string dialect, string path, double seconds)
    {
        if (seconds >= LogLineParser.MinTimestamp * 1000 && seconds < LogLineParser.MaxTimestamp * 1000)
        {
            return $"{dialect}: field '{path}' ({Format(seconds)}) looks like milliseconds; expected epoch seconds";
        }

        if (seconds < LogLineParser.MinTimestamp || seconds >= LogLineParser.MaxTimestamp)
        {
            return $"{dialect}: field '{path}' ({Format(seconds)}) is not plausible epoch seconds (expected 2000-01-01 to 2100-01-01)";
        }

        return null;
    }

    /// <summary>
    /// The text of an OpenAI-style message content: a string, or a list of parts whose "text" (or "content") strings
    /// are joined with newlines; anything else is no text.
    /// </summary>
    public static string ContentText(JsonElement content)
    {
        switch (content.ValueKind)
        {
            case JsonValueKind.String:
                return content.GetString() ?? string.Empty;
            case JsonValueKind.Array:
                var builder = new StringBuilder();
                foreach (var part in content.EnumerateArray())
                {
                    string? text = part.ValueKind == JsonValueKind.String ? part.GetString()
                        : TryGet(part, "text"u8, out var t) && t.ValueKind == JsonValueKind.String ? t.GetString()
                        : TryGet(part, "content"u8, out var c) && c.ValueKind == JsonValueKind.String ? c.GetString()
                        : null;
                    if (text is not null)
                    {
                        if (builder.Length > 0)
                        {
                            builder.Append('\n');
                        }

                        builder.Append(text);
                    }
                }

                return builder.ToString();
            default:
                return string.Empty;
        }
    }

    /// <summary>
    /// Reads an OpenAI-style message list: the last user message is the input, every message's text the conversation.
    /// Returns false when <paramref name="messages"/> is not a list of messages.
    /// </summary>
    public static bool ReadMessages(JsonElement messages, out string lastUser, out string conversation)
    {
        lastUser = string.Empty;
        conversation = string.Empty;
        if (messages.ValueKind == JsonValueKind.String)
        {
            lastUser = conversation = messages.GetString() ?? string.Empty;
            return true;
        }

        if (messages.ValueKind == JsonValueKind.Object)
        {
            lastUser = conversation = MessageText(messages);
            return true;
        }

        if (messages.ValueKind != JsonValueKind.Array)
        {
            return false;
        }

        var builder = new StringBuilder();
        foreach (var message in messages.EnumerateArray())
        {
            string text = MessageText(message);
            if (builder.Length > 0)
            {
                builder.Append('\n');
            }

            builder.Append(text);
            if (TryGet(message, "role"u8, out var role) && role.ValueKind == JsonValueKind.String && role.ValueEquals("user"u8))
            {
                lastUser = text;
            }
        }

        conversation = builder.ToString();
        return true;
    }

    private static string MessageText(JsonElement message)
    {
        if (message.ValueKind == JsonValueKind.String)
        {
            return message.GetString() ?? string.Empty;
        }

        if (TryGet(message, "content"u8, out var content))
        {
            return ContentText(content);
        }

        // The GenAI semantic conventions' structured messages: {"role": ..., "parts": [{"type": "text", "content": ...}]}.
        return TryGet(message, "parts"u8, out var parts) ? ContentText(parts) : string.Empty;
    }

    /// <summary>
    /// Appends OpenAI-style tool calls ({"function": {"name", "arguments"}}) as Hermes &lt;tool_call&gt; markup, the form
    /// Qwen writes and the invalid_tool_call rule judges: arguments that are not a JSON object stay a JSON string, so the
    /// rule flags them. Returns how many calls were written.
    /// </summary>
    public static int AppendToolCalls(StringBuilder output, JsonElement toolCalls)
    {
        if (toolCalls.ValueKind != JsonValueKind.Array)
        {
            return 0;
        }

        int count = 0;
        foreach (var call in toolCalls.EnumerateArray())
        {
            AppendToolCall(output, call);
            count++;
        }

        return count;
    }

    /// <summary>Appends one tool call: {"function": {"name", "arguments"}} or {"name", "arguments"}.</summary>
    public static void AppendToolCall(StringBuilder output, JsonElement call)
    {
        var function = TryGet(call, "function"u8, out var f) ? f : call;
        string name = TryGet(function, "name"u8, out var n) && n.ValueKind == JsonValueKind.String ? n.GetString() ?? string.Empty : string.Empty;
        string arguments = "null";
        if (TryGet(function, "arguments"u8, out var a))
        {
            arguments = a.ValueKind == JsonValueKind.String && StrictJson.IsObject(a.GetString()!) ? a.GetString()! : a.GetRawText();
        }

        if (output.Length > 0)
        {
            output.Append('\n');
        }

        output.Append("<tool_call>\n{\"name\": ").Append(JsonSerializer.Serialize(name, DialectJsonContext.Default.String)).Append(", \"arguments\": ").Append(arguments).Append("}\n</tool_call>");
    }

    public static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);
}

/// <summary>Compile-time serialization metadata of the strings the tool calls are written with (the CLI runs as native code).</summary>
[JsonSerializable(typeof(string))]
internal sealed partial class DialectJsonContext : JsonSerializerContext;
