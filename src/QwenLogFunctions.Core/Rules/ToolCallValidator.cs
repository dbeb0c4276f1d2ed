using System.Text;
using System.Text.Json;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Checks Qwen2.5's Hermes-style function calls: every <c>&lt;tool_call&gt;…&lt;/tool_call&gt;</c> block must be
/// closed and hold a JSON object with a non-empty string "name" and an "arguments" object (or a string holding
/// one, as some serving stacks emit). An output without any tool-call tag is a plain answer and is not judged.
/// </summary>
public static class ToolCallValidator
{
    private const string Open = "<tool_call>";
    private const string Close = "</tool_call>";

    /// <summary>Whether the output contains tool-call markup that is not a valid call.</summary>
    public static bool HasInvalidToolCall(ReadOnlySpan<char> output)
    {
        int open = output.IndexOf(Open, StringComparison.Ordinal);
        if (open < 0)
        {
            // A closing tag without an opening one is broken markup.
            return output.Contains(Close, StringComparison.Ordinal);
        }

        var rest = output;
        while ((open = rest.IndexOf(Open, StringComparison.Ordinal)) >= 0)
        {
            var afterOpen = rest[(open + Open.Length)..];
            int close = afterOpen.IndexOf(Close, StringComparison.Ordinal);
            if (close < 0)
            {
                return true;
            }

            if (!IsValidCall(afterOpen[..close]))
            {
                return true;
            }

            rest = afterOpen[(close + Close.Length)..];
        }

        return false;
    }

    private static bool IsValidCall(ReadOnlySpan<char> body)
    {
        body = body.Trim();
        if (body.IsEmpty || body[0] != '{')
        {
            return false;
        }

        // Check validity without exceptions first: broken calls are common and exceptions are expensive.
        if (!JsonValidity.IsValid(body))
        {
            return false;
        }

        byte[] utf8 = Encoding.UTF8.GetBytes(body.ToArray());

        try
        {
            using var document = JsonDocument.Parse(utf8);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object
                || !root.TryGetProperty("name", out var name) || name.ValueKind != JsonValueKind.String || string.IsNullOrWhiteSpace(name.GetString()))
            {
                return false;
            }

            if (!root.TryGetProperty("arguments", out var arguments))
            {
                return false;
            }

            return arguments.ValueKind switch
            {
                JsonValueKind.Object => true,
                JsonValueKind.String => StrictJson.IsObject(arguments.GetString()!),
                _ => false,
            };
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
