using System.Text;
using System.Text.Json;

namespace QwenLogFunctions.Core.Parsing.Dialects;

/// <summary>
/// Reads the answer out of an OpenAI chat completion (or text completion) object, as LiteLLM's <c>response</c> and the
/// batch output's <c>response.body</c> hold it: <c>choices[0].message.content</c> (or <c>choices[0].text</c>),
/// <c>choices[0].message.tool_calls</c> rendered as Hermes markup, <c>choices[0].finish_reason</c>.
/// </summary>
internal static class ChatCompletionReader
{
    public static string? ReadAnswer(string dialect, JsonElement completion, string path, DialectRequest request)
    {
        if (!DialectJson.TryGet(completion, "choices"u8, out var choices))
        {
            return null; // no answer: an empty output, judged as such
        }

        if (choices.ValueKind != JsonValueKind.Array)
        {
            return DialectJson.WrongType(dialect, path + ".choices", "an array", choices);
        }

        if (choices.GetArrayLength() == 0)
        {
            return null;
        }

        var choice = choices[0];
        if (choice.ValueKind != JsonValueKind.Object)
        {
            return DialectJson.WrongType(dialect, path + ".choices[0]", "an object", choice);
        }

        string? error = DialectJson.OptionalString(dialect, choice, "finish_reason", path + ".choices[0].finish_reason", out string? finish);
        if (error is not null)
        {
            return error;
        }

        request.FinishReason = finish;
        StringBuilder? output = null;
        string text = string.Empty;
        if (DialectJson.TryGet(choice, "message"u8, out var message))
        {
            if (message.ValueKind != JsonValueKind.Object)
            {
                return DialectJson.WrongType(dialect, path + ".choices[0].message", "an object", message);
            }

            if (DialectJson.TryGet(message, "content"u8, out var content))
            {
                if (content.ValueKind is not (JsonValueKind.String or JsonValueKind.Array))
                {
                    return DialectJson.WrongType(dialect, path + ".choices[0].message.content", "a string", content);
                }

                text = DialectJson.ContentText(content);
            }

            if (DialectJson.TryGet(message, "tool_calls"u8, out var toolCalls))
            {
                if (toolCalls.ValueKind != JsonValueKind.Array)
                {
                    return DialectJson.WrongType(dialect, path + ".choices[0].message.tool_calls", "an array", toolCalls);
                }

                // Tool calls are rare: only then is the answer assembled in a builder.
                output = new StringBuilder(text);
                if (DialectJson.AppendToolCalls(output, toolCalls) > 0)
                {
                    request.FunctionCalling = true;
                    request.AnswerIsToolCallsOnly = text.Length == 0;
                }
            }
        }
        else if (DialectJson.TryGet(choice, "text"u8, out var choiceText))
        {
            if (choiceText.ValueKind != JsonValueKind.String)
            {
                return DialectJson.WrongType(dialect, path + ".choices[0].text", "a string", choiceText);
            }

            text = choiceText.GetString() ?? string.Empty;
        }

        request.Output = output?.ToString() ?? text;
        return null;
    }
}
