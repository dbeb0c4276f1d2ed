using System.Text.Json;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// JSON checks by System.Text.Json (strict RFC 8259, unlike the Python-compatible <see cref="Rules.JsonValidity"/>).
/// One definition for <see cref="Rules.ToolCallValidator"/>, which accepts a tool call whose "arguments" is a string
/// holding an object, and the dialect mappers, which write such a string inline when they rebuild a call as Hermes
/// markup: a rebuilt call is then judged as the original would be.
/// </summary>
internal static class StrictJson
{
    /// <summary>Whether the text is exactly one JSON object.</summary>
    public static bool IsObject(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
