using System.Globalization;
using System.Text.Json;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Parses one JSON line of the article's schema into a <see cref="ParsedLine"/> with a single forward pass of
/// <see cref="Utf8JsonReader"/>. Returns null on success or a reason a person can act on. Unknown fields are
/// skipped; the vLLM per-request fields are read both inside "metadata" and at the top level.
/// </summary>
/// <remarks>
/// Deliberate choices for values out of range (documented in README): latencies and token counts must be finite
/// and non-negative; timestamps must be epoch seconds between 2000-01-01 and 2100-01-01 (a value that looks like
/// milliseconds is rejected with that hint) or an ISO 8601 string; first_token_latency_ms may be absent, and then
/// the request is left out of first-token and decode figures. Nothing ever becomes NaN or Infinity.
/// </remarks>
internal static class LogLineParser
{
    /// <summary>2000-01-01T00:00:00Z.</summary>
    public const double MinTimestamp = 946_684_800;

    /// <summary>2100-01-01T00:00:00Z.</summary>
    public const double MaxTimestamp = 4_102_444_800;

    private static readonly JsonReaderOptions ReaderOptions = new() { MaxDepth = 256, CommentHandling = JsonCommentHandling.Disallow };

    public static string? Parse(ReadOnlySpan<byte> line, ParsedLine target)
    {
        target.Reset();
        try
        {
            var reader = new Utf8JsonReader(line, ReaderOptions);
            reader.Read();
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                return $"not a JSON object (the line is a JSON {Describe(reader.TokenType)})";
            }

            string? error = ReadTopLevel(ref reader, line, target);
            if (error is not null)
            {
                return error;
            }

            if (reader.Read())
            {
                return $"invalid JSON at byte {reader.TokenStartIndex}: unexpected content after the object";
            }
        }
        catch (JsonException ex)
        {
            return $"invalid JSON at byte {ex.BytePositionInLine ?? 0}: {ShortMessage(ex.Message)}";
        }
        catch (InvalidOperationException ex)
        {
            // CopyString refuses invalid escapes such as lone surrogates.
            return $"invalid JSON string: {ShortMessage(ex.Message)}";
        }

        return Validate(target);
    }

    private static string? ReadTopLevel(ref Utf8JsonReader reader, ReadOnlySpan<byte> line, ParsedLine target)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string? error;
            if (reader.ValueTextEquals("timestamp"u8))
            {
                reader.Read();
                error = ReadTimestamp(ref reader, target);
            }
            else if (reader.ValueTextEquals("input"u8))
            {
                reader.Read();
                error = ReadText(ref reader, "input", ref target.Input, out target.InputLength, out target.HasInput);
            }
            else if (reader.ValueTextEquals("output"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.String)
                {
                    target.OutputRef = Ref(ref reader);
                }

                error = ReadText(ref reader, "output", ref target.Output, out target.OutputLength, out target.HasOutput);
            }
            else if (reader.ValueTextEquals("level"u8))
            {
                reader.Read();
                error = ReadSmallString(ref reader, "level", out target.Level);
            }
            else if (reader.ValueTextEquals("request_id"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Number)
                {
                    target.NumericRequestId = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                    error = null;
                }
                else
                {
                    error = ReadSmallString(ref reader, "request_id", out target.RequestId);
                }
            }
            else if (reader.ValueTextEquals("model"u8))
            {
                reader.Read();
                error = ReadSmallString(ref reader, "model", out target.Model);
            }
            else if (reader.ValueTextEquals("metadata"u8))
            {
                reader.Read();
                if (reader.TokenType == JsonTokenType.Null)
                {
                    continue;
                }

                if (reader.TokenType != JsonTokenType.StartObject)
                {
                    return WrongType("metadata", "an object", reader.TokenType);
                }

                target.HasMetadata = true;
                error = ReadMetadata(ref reader, target);
            }
            else
            {
                error = TryReadServerField(ref reader, "", target);
            }

            if (error is not null)
            {
                return error;
            }
        }

        _ = line;
        return null;
    }

    private static string? ReadMetadata(ref Utf8JsonReader reader, ParsedLine target)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            string? error;
            if (reader.ValueTextEquals("prompt_tokens"u8))
            {
                reader.Read();
                error = ReadCount(ref reader, "metadata.prompt_tokens", out target.PromptTokens, out target.HasPromptTokens);
            }
            else if (reader.ValueTextEquals("completion_tokens"u8))
            {
                reader.Read();
                error = ReadCount(ref reader, "metadata.completion_tokens", out target.CompletionTokens, out target.HasCompletionTokens);
            }
            else if (reader.ValueTextEquals("total_tokens"u8))
            {
                reader.Read();
                error = ReadCount(ref reader, "metadata.total_tokens", out long total, out bool has);
                target.TotalTokens = has ? total : -1;
            }
            else if (reader.ValueTextEquals("total_latency_ms"u8))
            {
                reader.Read();
                error = ReadMeasure(ref reader, "metadata.total_latency_ms", out target.TotalLatencyMs);
                target.HasLatency = !double.IsNaN(target.TotalLatencyMs);
            }
            else if (reader.ValueTextEquals("first_token_latency_ms"u8))
            {
                reader.Read();
                error = ReadMeasure(ref reader, "metadata.first_token_latency_ms", out target.FirstTokenLatencyMs);
            }
            else if (reader.ValueTextEquals("device"u8))
            {
                reader.Read();
                error = ReadSmallString(ref reader, "metadata.device", out target.Device);
            }
            else if (reader.ValueTextEquals("temperature"u8))
            {
                reader.Read();
                error = ReadNumber(ref reader, "metadata.temperature", out target.Temperature);
            }
            else if (reader.ValueTextEquals("function_calling"u8))
            {
                reader.Read();
                error = ReadBool(ref reader, "metadata.function_calling", out target.FunctionCalling);
            }
            else if (reader.ValueTextEquals("json_mode"u8))
            {
                reader.Read();
                error = ReadBool(ref reader, "metadata.json_mode", out target.JsonMode);
            }
            else
            {
                error = TryReadServerField(ref reader, "metadata.", target);
            }

            if (error is not null)
            {
                return error;
            }
        }

        return null;
    }

    /// <summary>vLLM's per-request metrics, wherever the server put them; anything else is skipped.</summary>
    private static string? TryReadServerField(ref Utf8JsonReader reader, string prefix, ParsedLine target)
    {
        if (reader.ValueTextEquals("finish_reason"u8))
        {
            reader.Read();
            return ReadSmallString(ref reader, prefix + "finish_reason", out target.FinishReason);
        }

        if (reader.ValueTextEquals("queue_time_ms"u8))
        {
            reader.Read();
            return ReadMeasure(ref reader, prefix + "queue_time_ms", out target.QueueTimeMs);
        }

        if (reader.ValueTextEquals("mean_itl_ms"u8))
        {
            reader.Read();
            return ReadMeasure(ref reader, prefix + "mean_itl_ms", out target.MeanItlMs);
        }

        if (reader.ValueTextEquals("tokens_per_second"u8))
        {
            reader.Read();
            return ReadMeasure(ref reader, prefix + "tokens_per_second", out target.TokensPerSecond);
        }

        if (reader.ValueTextEquals("gpu_memory_gb"u8))
        {
            reader.Read();
            string? error = ReadMeasure(ref reader, prefix + "gpu_memory_gb", out double gb);
            target.GpuMemoryMb = gb * 1024;
            return error;
        }

        if (reader.ValueTextEquals("gpu_memory_mb"u8))
        {
            reader.Read();
            return ReadMeasure(ref reader, prefix + "gpu_memory_mb", out target.GpuMemoryMb);
        }

        reader.Read();
        reader.Skip();
        return null;
    }

    private static string? Validate(ParsedLine line)
    {
        if (!line.HasTimestamp)
        {
            return "missing required field 'timestamp'";
        }

        if (!line.HasInput)
        {
            return "missing required field 'input'";
        }

        if (!line.HasOutput)
        {
            return "missing required field 'output'";
        }

        if (!line.HasMetadata)
        {
            return "missing required field 'metadata'";
        }

        if (!line.HasPromptTokens)
        {
            return "missing required field 'metadata.prompt_tokens'";
        }

        if (!line.HasCompletionTokens)
        {
            return "missing required field 'metadata.completion_tokens'";
        }

        if (!line.HasLatency)
        {
            return "missing required field 'metadata.total_latency_ms'";
        }

        return null;
    }

    private static string? ReadTimestamp(ref Utf8JsonReader reader, ParsedLine target)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetDouble(out double seconds) || !double.IsFinite(seconds))
            {
                return "field 'timestamp' is not a finite number";
            }

            if (seconds >= MinTimestamp * 1000 && seconds < MaxTimestamp * 1000)
            {
                return $"field 'timestamp' ({Format(seconds)}) looks like milliseconds; expected epoch seconds";
            }

            if (seconds < MinTimestamp || seconds >= MaxTimestamp)
            {
                return $"field 'timestamp' ({Format(seconds)}) is not plausible epoch seconds (expected 2000-01-01 to 2100-01-01)";
            }

            target.Timestamp = seconds;
            target.HasTimestamp = true;
            return null;
        }

        if (reader.TokenType == JsonTokenType.String)
        {
            string text = reader.GetString()!;
            if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AdjustToUniversal, out var parsed))
            {
                return $"field 'timestamp' (\"{Truncate(text)}\") is neither epoch seconds nor an ISO 8601 time";
            }

            double seconds = parsed.ToUnixTimeMilliseconds() / 1000.0;
            if (seconds < MinTimestamp || seconds >= MaxTimestamp)
            {
                return $"field 'timestamp' (\"{Truncate(text)}\") is outside 2000-01-01 to 2100-01-01";
            }

            target.Timestamp = seconds;
            target.HasTimestamp = true;
            return null;
        }

        return reader.TokenType == JsonTokenType.Null ? "missing required field 'timestamp' (null)" : WrongType("timestamp", "a number of epoch seconds", reader.TokenType);
    }

    private static string? ReadText(ref Utf8JsonReader reader, string name, ref char[] buffer, out int length, out bool present)
    {
        length = 0;
        present = false;
        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType(name, "a string", reader.TokenType);
        }

        // Unescaped UTF-8 never yields more UTF-16 units than bytes.
        int needed = reader.HasValueSequence ? (int)reader.ValueSequence.Length : reader.ValueSpan.Length;
        if (buffer.Length < needed)
        {
            buffer = new char[Math.Max(needed, buffer.Length * 2)];
        }

        length = reader.CopyString(buffer);
        present = true;
        return null;
    }

    private static string? ReadSmallString(ref Utf8JsonReader reader, string name, out TextRef value)
    {
        value = TextRef.None;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.String)
        {
            return WrongType(name, "a string", reader.TokenType);
        }

        value = Ref(ref reader);
        return null;
    }

    private static TextRef Ref(ref Utf8JsonReader reader) => new((int)reader.TokenStartIndex, reader.ValueSpan.Length, reader.ValueIsEscaped);

    private static string? ReadCount(ref Utf8JsonReader reader, string name, out long value, out bool present)
    {
        value = 0;
        present = false;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            return WrongType(name, "a non-negative integer", reader.TokenType);
        }

        if (!reader.TryGetInt64(out value))
        {
            if (!reader.TryGetDouble(out double d) || !double.IsFinite(d) || d != Math.Floor(d) || Math.Abs(d) > 1e15)
            {
                return $"field '{name}' is not an integer";
            }

            value = (long)d;
        }

        if (value < 0)
        {
            return $"field '{name}' is negative ({value})";
        }

        present = true;
        return null;
    }

    /// <summary>A duration or speed: finite and non-negative; null means absent (NaN).</summary>
    private static string? ReadMeasure(ref Utf8JsonReader reader, string name, out double value)
    {
        string? error = ReadNumber(ref reader, name, out value);
        if (error is null && value < 0)
        {
            return $"field '{name}' is negative ({Format(value)})";
        }

        return error;
    }

    private static string? ReadNumber(ref Utf8JsonReader reader, string name, out double value)
    {
        value = double.NaN;
        if (reader.TokenType == JsonTokenType.Null)
        {
            return null;
        }

        if (reader.TokenType != JsonTokenType.Number)
        {
            return WrongType(name, "a number", reader.TokenType);
        }

        if (!reader.TryGetDouble(out value) || !double.IsFinite(value))
        {
            value = double.NaN;
            return $"field '{name}' is out of range (not a finite number)";
        }

        return null;
    }

    private static string? ReadBool(ref Utf8JsonReader reader, string name, out bool value)
    {
        value = false;
        switch (reader.TokenType)
        {
            case JsonTokenType.True:
                value = true;
                return null;
            case JsonTokenType.False:
            case JsonTokenType.Null:
                return null;
            default:
                return WrongType(name, "true or false", reader.TokenType);
        }
    }

    private static string WrongType(string name, string expected, JsonTokenType found) =>
        $"field '{name}' has wrong type: expected {expected}, found {Describe(found)}";

    private static string Describe(JsonTokenType token) => token switch
    {
        JsonTokenType.StartObject => "object",
        JsonTokenType.StartArray => "array",
        JsonTokenType.String => "string",
        JsonTokenType.Number => "number",
        JsonTokenType.True or JsonTokenType.False => "boolean",
        JsonTokenType.Null => "null",
        _ => token.ToString().ToLowerInvariant(),
    };

    private static string ShortMessage(string message)
    {
        int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        return (cut > 0 ? message[..cut] : message).TrimEnd('.', ' ');
    }

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
