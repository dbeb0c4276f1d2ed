using System.Text.Json;
using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Core.Parsing.Dialects;

/// <summary>
/// LiteLLM's <c>StandardLoggingPayload</c> (BerriAI/litellm, litellm/types/utils.py), the object its logging callbacks
/// emit per call and its blob/bucket loggers write one per .json file. The mapping table is in README.md.
/// </summary>
internal static class LiteLlmMapper
{
    private const string Name = "litellm";

    public static string? Map(JsonElement root, List<DialectRequest> requests)
    {
        var request = new DialectRequest();
        string? error;
        if ((error = DialectJson.OptionalString(Name, root, "id", "id", out string? id)) is not null
            || (error = DialectJson.OptionalString(Name, root, "model", "model", out string? model)) is not null
            || (error = DialectJson.OptionalString(Name, root, "model_group", "model_group", out string? modelGroup)) is not null
            || (error = DialectJson.OptionalString(Name, root, "api_base", "api_base", out string? apiBase)) is not null
            || (error = DialectJson.OptionalString(Name, root, "status", "status", out string? status)) is not null
            || (error = DialectJson.RequiredCount(Name, root, "prompt_tokens", "prompt_tokens", out long promptTokens)) is not null
            || (error = DialectJson.RequiredCount(Name, root, "completion_tokens", "completion_tokens", out long completionTokens)) is not null
            || (error = DialectJson.OptionalCount(Name, root, "total_tokens", "total_tokens", out long totalTokens)) is not null
            || (error = RequiredTime(root, "startTime", out double start)) is not null
            || (error = RequiredTime(root, "endTime", out double end)) is not null
            || (error = DialectJson.OptionalNumber(Name, root, "completionStartTime", "completionStartTime", out double completionStart)) is not null
            || (error = DialectJson.OptionalObject(Name, root, "model_parameters", "model_parameters", out var parameters)) is not null
            || (error = DialectJson.OptionalObject(Name, root, "hidden_params", "hidden_params", out var hidden)) is not null)
        {
            return error;
        }

        if (end < start)
        {
            return $"{Name}: field 'endTime' ({DialectJson.Format(end)}) is before 'startTime' ({DialectJson.Format(start)})";
        }

        request.RequestId = id;
        request.Model = !string.IsNullOrEmpty(modelGroup) ? modelGroup : model;
        if (string.IsNullOrEmpty(apiBase) && hidden.ValueKind == JsonValueKind.Object)
        {
            error = DialectJson.OptionalString(Name, hidden, "api_base", "hidden_params.api_base", out apiBase);
            if (error is not null)
            {
                return error;
            }
        }

        request.Device = string.IsNullOrEmpty(apiBase) ? null : apiBase;
        request.IsError = string.Equals(status, "failure", StringComparison.OrdinalIgnoreCase);
        request.PromptTokens = promptTokens;
        request.CompletionTokens = completionTokens;
        request.TotalTokens = totalTokens;
        request.TimestampSeconds = start;
        request.TotalLatencyMs = Milliseconds(end - start);

        // Non-streaming calls log completionStartTime = endTime: no first token was measured, so none is reported.
        bool streamed = DialectJson.TryGet(root, "stream"u8, out var stream) && stream.ValueKind == JsonValueKind.True;
        if (!double.IsNaN(completionStart) && completionStart >= start && completionStart <= end && (streamed || completionStart < end))
        {
            request.FirstTokenLatencyMs = Milliseconds(completionStart - start);
        }

        if (DialectJson.TryGet(root, "messages"u8, out var messages))
        {
            if (!DialectJson.ReadMessages(messages, out string lastUser, out string conversation))
            {
                return DialectJson.WrongType(Name, "messages", "a list of messages", messages);
            }

            request.Input = lastUser;
            request.Conversation = conversation;
        }

        if (DialectJson.TryGet(root, "response"u8, out var response))
        {
            if (response.ValueKind == JsonValueKind.String)
            {
                request.Output = response.GetString() ?? string.Empty;
            }
            else if (response.ValueKind == JsonValueKind.Object)
            {
                error = ChatCompletionReader.ReadAnswer(Name, response, "response", request);
                if (error is not null)
                {
                    return error;
                }
            }
            else
            {
                return DialectJson.WrongType(Name, "response", "an object", response);
            }
        }

        if (parameters.ValueKind == JsonValueKind.Object)
        {
            error = ReadParameters(parameters, request);
            if (error is not null)
            {
                return error;
            }
        }

        requests.Add(request);
        return null;
    }

    /// <summary>
    /// Seconds between two epoch-second floats, in ms, rounded to the microsecond: a float epoch time carries about
    /// 0.1 µs of precision, so 1735689235.270 − 1735689234.120 is 1150.0000953… ms before rounding.
    /// </summary>
    private static double Milliseconds(double seconds) => Math.Round(seconds * 1000.0, 3);

    private static string? RequiredTime(JsonElement root, string name, out double seconds)
    {
        seconds = 0;
        if (!DialectJson.TryGet(root, name, out var element))
        {
            return DialectJson.Missing(Name, name);
        }

        return DialectJson.Number(Name, element, name, out seconds) ?? DialectJson.CheckEpochSeconds(Name, name, seconds);
    }

    /// <summary>response_format (json_object / json_schema) is JSON mode; tools mean function calling; temperature is kept.</summary>
    private static string? ReadParameters(JsonElement parameters, DialectRequest request)
    {
        string? error = DialectJson.OptionalNumber(Name, parameters, "temperature", "model_parameters.temperature", out double temperature);
        if (error is not null)
        {
            return error;
        }

        request.Temperature = temperature;
        if (DialectJson.TryGet(parameters, "response_format"u8, out var format))
        {
            request.JsonMode = IsJsonFormat(format);
        }

        if (DialectJson.TryGet(parameters, "tools"u8, out var tools) && tools.ValueKind == JsonValueKind.Array && tools.GetArrayLength() > 0)
        {
            request.FunctionCalling = true;
        }

        return null;
    }

    /// <summary>{"type": "json_object"} or {"type": "json_schema", ...} (or the bare string), as OpenAI's API takes it.</summary>
    public static bool IsJsonFormat(JsonElement format)
    {
        var type = format.ValueKind == JsonValueKind.Object && DialectJson.TryGet(format, "type"u8, out var t) ? t : format;
        return type.ValueKind == JsonValueKind.String && (type.ValueEquals("json_object"u8) || type.ValueEquals("json_schema"u8) || type.ValueEquals("json"u8));
    }

    /// <summary>Whether a line's top-level properties are LiteLLM's (detection).</summary>
    public static bool Looks(JsonElement root) =>
        root.TryGetProperty("startTime", out _) && (root.TryGetProperty("call_type", out _) || root.TryGetProperty("model_group", out _)
            || root.TryGetProperty("completionStartTime", out _) || root.TryGetProperty("hidden_params", out _));

    internal const LogDialect Dialect = LogDialect.LiteLlm;
}
