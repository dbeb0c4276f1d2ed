using System.Globalization;
using System.Text.Json;

namespace QwenLogFunctions.Core.Parsing.Dialects;

/// <summary>
/// One line of an OpenAI Batch API output file, as OpenAI writes it and vLLM's run_batch does
/// (vllm/entrypoints/openai/protocol.py, <c>BatchRequestOutput</c>: <c>id</c>, <c>custom_id</c>,
/// <c>response</c> {<c>status_code</c>, <c>request_id</c>, <c>body</c>}, <c>error</c>). The body is a chat completion.
/// No latency and no prompt are logged: latency figures leave these requests out, input flags do not apply.
/// </summary>
internal static class OpenAIBatchMapper
{
    private const string Name = "openai-batch";

    public static string? Map(JsonElement root, List<DialectRequest> requests)
    {
        string? error;
        if ((error = DialectJson.OptionalString(Name, root, "custom_id", "custom_id", out string? customId)) is not null
            || (error = DialectJson.OptionalString(Name, root, "id", "id", out string? id)) is not null
            || (error = DialectJson.OptionalObject(Name, root, "response", "response", out var response)) is not null)
        {
            return error;
        }

        long statusCode = -1;
        JsonElement body = default;
        if (response.ValueKind == JsonValueKind.Object)
        {
            if ((error = DialectJson.OptionalCount(Name, response, "status_code", "response.status_code", out statusCode)) is not null
                || (error = DialectJson.OptionalObject(Name, response, "body", "response.body", out body)) is not null)
            {
                return error;
            }
        }

        bool hasError = DialectJson.TryGet(root, "error"u8, out var errorValue);
        if (body.ValueKind != JsonValueKind.Object || !DialectJson.TryGet(body, "created"u8, out _))
        {
            if (response.ValueKind != JsonValueKind.Object && !hasError)
            {
                return DialectJson.Missing(Name, "response");
            }

            // A failed request has no completion and so no time: it cannot be placed in an hour. It is recorded as a
            // rejection that says why, rather than dropped or given an invented time.
            if (hasError || statusCode >= 400 || body.ValueKind != JsonValueKind.Object)
            {
                return $"{Name}: request failed ({Describe(statusCode, hasError ? errorValue : body)}) and has no time ('response.body.created'); not counted";
            }

            return DialectJson.Missing(Name, "response.body.created");
        }

        var request = new DialectRequest
        {
            RequestId = !string.IsNullOrEmpty(customId) ? customId : id,
            IsError = hasError || statusCode >= 400,
            InputAbsent = true, // the output file does not repeat the prompt
        };

        if ((error = DialectJson.OptionalString(Name, body, "model", "response.body.model", out string? model)) is not null
            || (error = ReadCreated(body, request)) is not null
            || (error = ReadUsage(body, request)) is not null
            || (error = ChatCompletionReader.ReadAnswer(Name, body, "response.body", request)) is not null)
        {
            return error;
        }

        request.Model = model;
        requests.Add(request);
        return null;
    }

    private static string? ReadCreated(JsonElement body, DialectRequest request)
    {
        DialectJson.TryGet(body, "created"u8, out var created);
        string? error = DialectJson.Number(Name, created, "response.body.created", out double seconds)
            ?? DialectJson.CheckEpochSeconds(Name, "response.body.created", seconds);
        request.TimestampSeconds = seconds;
        return error;
    }

    private static string? ReadUsage(JsonElement body, DialectRequest request)
    {
        if (!DialectJson.TryGet(body, "usage"u8, out var usage))
        {
            return DialectJson.Missing(Name, "response.body.usage");
        }

        if (usage.ValueKind != JsonValueKind.Object)
        {
            return DialectJson.WrongType(Name, "response.body.usage", "an object", usage);
        }

        string? error;
        if ((error = DialectJson.RequiredCount(Name, usage, "prompt_tokens", "response.body.usage.prompt_tokens", out long prompt)) is not null
            || (error = DialectJson.RequiredCount(Name, usage, "completion_tokens", "response.body.usage.completion_tokens", out long completion)) is not null
            || (error = DialectJson.OptionalCount(Name, usage, "total_tokens", "response.body.usage.total_tokens", out long total)) is not null)
        {
            return error;
        }

        request.PromptTokens = prompt;
        request.CompletionTokens = completion;
        request.TotalTokens = total;
        return error;
    }

    private static string Describe(long statusCode, JsonElement error)
    {
        string status = statusCode >= 0 ? "status " + statusCode.ToString(CultureInfo.InvariantCulture) : "no status";
        string? message = error.ValueKind switch
        {
            JsonValueKind.String => error.GetString(),
            JsonValueKind.Object when DialectJson.TryGet(error, "message"u8, out var m) && m.ValueKind == JsonValueKind.String => m.GetString(),
            JsonValueKind.Object when DialectJson.TryGet(error, "error"u8, out var inner) && DialectJson.TryGet(inner, "message"u8, out var m2) && m2.ValueKind == JsonValueKind.String => m2.GetString(),
            _ => null,
        };
        if (string.IsNullOrEmpty(message))
        {
            return status;
        }

        return status + ": " + (message.Length <= 120 ? message : message[..120] + "…");
    }

    /// <summary>Whether a line's top-level properties are a batch output line's (detection).</summary>
    public static bool Looks(JsonElement root) =>
        root.TryGetProperty("custom_id", out _) && (root.TryGetProperty("response", out _) || root.TryGetProperty("error", out _));
}
