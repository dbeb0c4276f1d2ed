using System.Text.Json;
using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Core.Parsing.Dialects;

/// <summary>
/// Guesses a shard's dialect from its first non-blank lines by their top-level properties: <c>resourceSpans</c> is
/// OTLP, <c>custom_id</c> with <c>response</c> or <c>error</c> is OpenAI batch output, <c>startTime</c> with LiteLLM's
/// own fields (<c>call_type</c>, <c>model_group</c>, <c>completionStartTime</c>, <c>hidden_params</c>) is LiteLLM.
/// Anything else, including lines that are not JSON, is the article's schema, so today's files and their rejection
/// reasons stay exactly as they were.
/// </summary>
public static class DialectDetector
{
    /// <summary>How many non-blank lines are looked at before settling on the article's schema.</summary>
    public const int LinesExamined = 8;

    /// <summary>The dialect of a shard whose first block of complete lines is <paramref name="firstLines"/>.</summary>
    public static LogDialect Detect(ReadOnlySpan<byte> firstLines)
    {
        int examined = 0;
        while (!firstLines.IsEmpty && examined < LinesExamined)
        {
            int lf = firstLines.IndexOf((byte)'\n');
            var line = lf < 0 ? firstLines : firstLines[..lf];
            firstLines = lf < 0 ? default : firstLines[(lf + 1)..];
            line = line.Trim(" \t\r\v\f"u8);
            if (line.IsEmpty)
            {
                continue;
            }

            examined++;
            if (DetectLine(line) is { } dialect)
            {
                return dialect;
            }
        }

        return LogDialect.Article;
    }

    /// <summary>The dialect one line belongs to, or null when it says nothing (not JSON, not an object, no known keys).</summary>
    public static LogDialect? DetectLine(ReadOnlySpan<byte> line)
    {
        if (line.IsEmpty || line[0] != (byte)'{')
        {
            return null;
        }

        if (LoneSurrogateEscapes.Any(line))
        {
            byte[] copy = line.ToArray();
            LoneSurrogateEscapes.Replace(copy);
            line = copy;
        }

        try
        {
            var reader = new Utf8JsonReader(line, new JsonReaderOptions { MaxDepth = 256 });
            using var document = JsonDocument.ParseValue(ref reader);
            var root = document.RootElement;
            if (OtlpMapper.Looks(root))
            {
                return LogDialect.Otlp;
            }

            if (OpenAIBatchMapper.Looks(root))
            {
                return LogDialect.OpenAIBatch;
            }

            if (LiteLlmMapper.Looks(root))
            {
                return LogDialect.LiteLlm;
            }

            if (root.TryGetProperty("input", out _) || root.TryGetProperty("output", out _) || root.TryGetProperty("metadata", out _))
            {
                return LogDialect.Article;
            }

            return null;
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
