using System.Text.Json;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Whether text parses as one JSON value, as Python's <c>json.loads</c> decides for the article's malformed_json
/// check: surrounding JSON whitespace allowed, anything after the value not, scalars at top level allowed.
/// Python also accepts the non-standard NaN, Infinity and -Infinity literals; those are accepted here too.
/// </summary>
public static class JsonValidity
{
    private static readonly JsonReaderOptions Options = new() { MaxDepth = 1000, CommentHandling = JsonCommentHandling.Disallow };

    /// <summary>Whether the UTF-8 text is one valid JSON value.</summary>
    public static bool IsValid(ReadOnlySpan<byte> utf8)
    {
        try
        {
            var reader = new Utf8JsonReader(utf8, Options);
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            return !reader.Read();
        }
        catch (JsonException)
        {
            return IsPythonNonFiniteLiteral(utf8);
        }
    }

    // json.loads('NaN') and friends succeed in Python; only bare top-level literals are worth the special case.
    private static bool IsPythonNonFiniteLiteral(ReadOnlySpan<byte> utf8)
    {
        var trimmed = utf8.Trim(" \t\r\n"u8);
        return trimmed.SequenceEqual("NaN"u8) || trimmed.SequenceEqual("Infinity"u8) || trimmed.SequenceEqual("-Infinity"u8);
    }
}
