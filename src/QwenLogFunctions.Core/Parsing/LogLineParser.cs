using System.Buffers;
using System.Globalization;
using System.Runtime.CompilerServices;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Parses one JSON line of the article's schema into a <see cref="ParsedLine"/> with a single forward pass of
/// <see cref="JsonLineScanner"/>. Returns null on success or a reason a person can act on. Unknown fields are
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
    /// <summary>
    /// Largest token count accepted. Sums of counts are 64-bit integers: with this bound they cannot overflow before
    /// 9 billion requests, and a real request is nowhere near a billion tokens.
    /// </summary>
    public const long MaxTokens = 1_000_000_000;

    /// <summary>
    /// Largest latency accepted, in ms (about 31.7 years). Keeps sums of latencies and the sketches' bucket range finite.
    /// </summary>
    public const double MaxLatencyMs = 1e12;

    /// <summary>
    /// Smallest positive latency accepted, in ms (1 ns). Below it tokens ÷ latency overflows to infinity (5e-324 ms
    /// gives tokens/s beyond any double), so such a value cannot be computed with and is rejected; exactly 0 stays
    /// accepted (no throughput then).
    /// </summary>
    public const double MinPositiveLatencyMs = 1e-6;

    /// <summary>2000-01-01T00:00:00Z: the supported window is one for request times and query times.</summary>
    public const double MinTimestamp = Reports.SupportedTimes.EarliestEpochSeconds;

    /// <summary>2100-01-01T00:00:00Z.</summary>
    public const double MaxTimestamp = Reports.SupportedTimes.LatestEpochSeconds;

    /// <summary>The reason returned when a text is not valid UTF-8; the caller replaces it with the exact byte offset.</summary>
    public const string InvalidUtf8 = "invalid UTF-8";

    public static string? Parse(ReadOnlySpan<byte> line, ParsedLine target) => Parse(line, target, commonValueReads: true);

    /// <summary>
    /// As <see cref="Parse(ReadOnlySpan{byte}, ParsedLine)"/>; without <paramref name="commonValueReads"/>, every value
    /// goes through the general reads (what the shortcut must agree with, for tests).
    /// </summary>
    internal static string? Parse(ReadOnlySpan<byte> line, ParsedLine target, bool commonValueReads)
    {
        target.Reset();
        var reader = new JsonLineScanner(line);
        if (!reader.Read())
        {
            return Invalid(ref reader);
        }

        if (reader.Token != JsonToken.StartObject)
        {
            return $"not a JSON object (the line is a JSON {Describe(reader.Token)})";
        }

        string? error = ReadTopLevel(ref reader, target, commonValueReads);
        if (error is not null)
        {
            return error;
        }

        if (reader.Read() || reader.Error is not null)
        {
            return Invalid(ref reader);
        }

        return Validate(target);
    }

    /// <summary>The reason for a line the scanner refused.</summary>
    private static string Invalid(ref JsonLineScanner reader) =>
        string.Create(CultureInfo.InvariantCulture, $"invalid JSON at byte {reader.ErrorPosition}: {reader.Error ?? "unexpected content after the object"}");

    /// <summary>The fields the parser reads; any other property is skipped.</summary>
    internal enum Field : byte
    {
        Unknown,
        Timestamp,
        Input,
        Output,
        Level,
        RequestId,
        Model,
        Metadata,
        PromptTokens,
        CompletionTokens,
        TotalTokens,
        TotalLatencyMs,
        FirstTokenLatencyMs,
        Device,
        Temperature,
        FunctionCalling,
        JsonMode,

        // vLLM's per-request metrics: read at the top level and inside "metadata" alike.
        FinishReason,
        QueueTimeMs,
        MeanItlMs,
        TokensPerSecond,
        GpuMemoryGb,
        GpuMemoryMb,
    }

    private static string? ReadTopLevel(ref JsonLineScanner reader, ParsedLine target, bool commonValueReads)
    {
        Field previous = Field.Unknown;
        while (true)
        {
            // The name is matched as UTF-8 bytes before the value is read (reading moves past it): no string per field.
            if (!ReadName(ref reader, target.NextTopLevel, ref previous, inMetadata: false, out Field field))
            {
                return reader.Error is null ? null : Invalid(ref reader); // null: the closing brace
            }

            if (commonValueReads && TryReadCommonValue(ref reader, field, target, out string? common))
            {
                if (common is not null)
                {
                    return common;
                }

                continue;
            }

            // The input and output are decoded while their end is found: one pass over the bulk of the line.
            var text = field switch
            {
                Field.Input => new Utf16Text(target.Input),
                Field.Output => new Utf16Text(target.Output),
                _ => default,
            };
            if (!(text.IsActive ? reader.ReadDecodingString(ref text) : reader.Read()))
            {
                return Invalid(ref reader);
            }

            string? error;
            switch (field)
            {
                case Field.Timestamp:
                    error = ReadTimestamp(ref reader, target);
                    break;
                case Field.Input:
                    error = ReadText(ref reader, "input", ref text, out target.InputRef, ref target.Input, out target.InputLength, out target.HasInput);
                    break;
                case Field.Output:
                    error = ReadText(ref reader, "output", ref text, out target.OutputRef, ref target.Output, out target.OutputLength, out target.HasOutput);
                    break;
                case Field.Level:
                    error = ReadSmallString(ref reader, "level", out target.Level);
                    break;
                case Field.RequestId:
                    if (reader.Token == JsonToken.Number)
                    {
                        target.NumericRequestId = System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
                        error = null;
                    }
                    else
                    {
                        error = ReadSmallString(ref reader, "request_id", out target.RequestId);
                    }

                    break;
                case Field.Model:
                    error = ReadSmallString(ref reader, "model", out target.Model);
                    break;
                case Field.Metadata:
                    if (reader.Token == JsonToken.Null)
                    {
                        error = null;
                        break;
                    }

                    if (reader.Token != JsonToken.StartObject)
                    {
                        return WrongType("metadata", "an object", reader.Token);
                    }

                    target.HasMetadata = true;
                    error = ReadMetadata(ref reader, target, commonValueReads);
                    break;
                default:
                    error = ReadServerField(ref reader, field, inMetadata: false, target);
                    break;
            }

            if (error is not null)
            {
                return error;
            }
        }
    }

    private static string? ReadMetadata(ref JsonLineScanner reader, ParsedLine target, bool commonValueReads)
    {
        Field previous = Field.Unknown;
        while (true)
        {
            if (!ReadName(ref reader, target.NextInMetadata, ref previous, inMetadata: true, out Field field))
            {
                return reader.Error is null ? null : Invalid(ref reader);
            }

            if (commonValueReads && TryReadCommonValue(ref reader, field, target, out string? common))
            {
                if (common is not null)
                {
                    return common;
                }

                continue;
            }

            if (!reader.Read())
            {
                return Invalid(ref reader);
            }

            string? error;
            switch (field)
            {
                case Field.PromptTokens:
                    error = ReadCount(ref reader, "metadata.prompt_tokens", out target.PromptTokens, out target.HasPromptTokens);
                    break;
                case Field.CompletionTokens:
                    error = ReadCount(ref reader, "metadata.completion_tokens", out target.CompletionTokens, out target.HasCompletionTokens);
                    break;
                case Field.TotalTokens:
                    error = ReadCount(ref reader, "metadata.total_tokens", out long total, out bool has);
                    target.TotalTokens = has ? total : -1;
                    break;
                case Field.TotalLatencyMs:
                    error = ReadLatency(ref reader, "metadata.total_latency_ms", out target.TotalLatencyMs);
                    target.HasLatency = !double.IsNaN(target.TotalLatencyMs);
                    break;
                case Field.FirstTokenLatencyMs:
                    error = ReadLatency(ref reader, "metadata.first_token_latency_ms", out target.FirstTokenLatencyMs);
                    break;
                case Field.Device:
                    error = ReadSmallString(ref reader, "metadata.device", out target.Device);
                    break;
                case Field.Temperature:
                    error = ReadNumber(ref reader, "metadata.temperature", out target.Temperature);
                    break;
                case Field.FunctionCalling:
                    error = ReadBool(ref reader, "metadata.function_calling", out target.FunctionCalling);
                    break;
                case Field.JsonMode:
                    error = ReadBool(ref reader, "metadata.json_mode", out target.JsonMode);
                    break;
                default:
                    error = ReadServerField(ref reader, field, inMetadata: true, target);
                    break;
            }

            if (error is not null)
            {
                return error;
            }
        }
    }

    /// <summary>
    /// Reads the value of a field in its usual form, when it has that form: epoch seconds as an integer, a count or a
    /// whole-millisecond measure of one to seven digits, a measure or the temperature as a plain decimal ("12.375"), a
    /// flag, or a short string without escapes (level, request id, model, device, finish reason). Stores what the
    /// field's general read below would store for that value (none of their checks can fail on it: no such count is
    /// negative or above the limit, no such measure is negative; epoch seconds outside the supported window, and a
    /// latency below 1 ns or above 1e12 ms, go to the general read's checks, on the same token); false, with nothing
    /// read, for any other field or form. <paramref name="error"/> is the general read's reason, when it gave one.
    /// </summary>
    /// <remarks>
    /// Why: a line's small fields are mostly such values, and each went through the scanner's general Read (state checks,
    /// dispatch on the first byte, the number or string scan) and then the field's read, whose checks cannot fail on it.
    /// </remarks>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // into the loops over the fields: see ReadName
    private static bool TryReadCommonValue(ref JsonLineScanner reader, Field field, ParsedLine target, out string? error)
    {
        error = null;
        uint number;
        double measure;
        bool flag;
        switch (field)
        {
            case Field.Timestamp when reader.TryReadIntegerValue(out ulong seconds):
                if (seconds >= MinTimestamp && seconds < MaxTimestamp)
                {
                    target.Timestamp = seconds;
                    target.HasTimestamp = true;
                }
                else
                {
                    error = ReadTimestamp(ref reader, target);
                }

                return true;
            case Field.Level when reader.TryReadShortPlainStringValue():
                target.Level = Ref(ref reader);
                return true;
            case Field.RequestId when reader.TryReadShortPlainStringValue():
                target.RequestId = Ref(ref reader);
                return true;
            case Field.Model when reader.TryReadShortPlainStringValue():
                target.Model = Ref(ref reader);
                return true;
            case Field.Device when reader.TryReadShortPlainStringValue():
                target.Device = Ref(ref reader);
                return true;
            case Field.PromptTokens when reader.TryReadShortIntegerValue(out number):
                target.PromptTokens = number;
                target.HasPromptTokens = true;
                return true;
            case Field.CompletionTokens when reader.TryReadShortIntegerValue(out number):
                target.CompletionTokens = number;
                target.HasCompletionTokens = true;
                return true;
            case Field.TotalTokens when reader.TryReadShortIntegerValue(out number):
                target.TotalTokens = number;
                return true;
            case Field.TotalLatencyMs when reader.TryReadShortIntegerValue(out number):
                target.TotalLatencyMs = number;
                target.HasLatency = true;
                return true;
            case Field.FirstTokenLatencyMs when reader.TryReadShortIntegerValue(out number):
                target.FirstTokenLatencyMs = number;
                return true;
            case Field.TotalLatencyMs when reader.TryReadPlainNumberValue(out measure):
                error = IsPlausibleLatency(measure) ? null : ReadLatency(ref reader, "metadata.total_latency_ms", out measure);
                target.TotalLatencyMs = measure;
                target.HasLatency = !double.IsNaN(measure);
                return true;
            case Field.FirstTokenLatencyMs when reader.TryReadPlainNumberValue(out measure):
                error = IsPlausibleLatency(measure) ? null : ReadLatency(ref reader, "metadata.first_token_latency_ms", out measure);
                target.FirstTokenLatencyMs = measure;
                return true;
            case Field.Temperature when reader.TryReadPlainNumberValue(out measure):
                target.Temperature = measure;
                return true;

            // vLLM's metrics, at either level: no such value is negative or infinite, the general reads' only checks.
            case Field.QueueTimeMs when reader.TryReadPlainNumberValue(out measure):
                target.QueueTimeMs = measure;
                return true;
            case Field.MeanItlMs when reader.TryReadPlainNumberValue(out measure):
                target.MeanItlMs = measure;
                return true;
            case Field.TokensPerSecond when reader.TryReadPlainNumberValue(out measure):
                target.TokensPerSecond = measure;
                return true;
            case Field.GpuMemoryMb when reader.TryReadPlainNumberValue(out measure):
                target.GpuMemoryMb = measure;
                return true;
            case Field.GpuMemoryGb when reader.TryReadPlainNumberValue(out measure):
                target.GpuMemoryMb = measure * 1024;
                return true;
            case Field.FinishReason when reader.TryReadShortPlainStringValue():
                target.FinishReason = Ref(ref reader);
                return true;
            case Field.FunctionCalling when reader.TryReadBooleanValue(out flag):
                target.FunctionCalling = flag;
                return true;
            case Field.JsonMode when reader.TryReadBooleanValue(out flag):
                target.JsonMode = flag;
                return true;
            default:
                return false;
        }
    }

    /// <summary>
    /// Reads the next property name of an object and the field it stands for; false at the object's end, or at an error
    /// (<see cref="JsonLineScanner.Error"/> set). The name that followed <paramref name="previous"/> on the worker's last
    /// line is tried first, by one comparison of its bytes (a server writes its fields in one order); any other name is
    /// read and looked up, and becomes the one tried next time.
    /// </summary>
    // Inlined, as the number reads below and the scanner's name test, short-integer read and TryGetDouble: each was a
    // call per field whose out and ref arguments (the field, the value) went through memory; inlined into the two loops
    // over a line's fields they stay in registers. Instructions under cachegrind, one thread, 20,000 generator lines:
    // 801.8 -> 771.9 M (-3.7%); 50,000 lines with one-character texts: 897.3 -> 822.9 M (-8.3%).
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static bool ReadName(ref JsonLineScanner reader, Field[] following, ref Field previous, bool inMetadata, out Field field)
    {
        Field expected = following[(int)previous];
        if (expected != Field.Unknown && reader.TryReadPropertyNamed(QuotedNames[(int)expected]))
        {
            field = previous = expected;
            return true;
        }

        if (!reader.Read() || reader.Token != JsonToken.PropertyName)
        {
            field = Field.Unknown;
            return false;
        }

        field = inMetadata ? MetadataField(ref reader) : TopLevelField(ref reader);
        following[(int)previous] = field;
        previous = field;
        return true;
    }

    /// <summary>The field a top-level property name stands for (the reader is on the name).</summary>
    private static Field TopLevelField(ref JsonLineScanner reader)
    {
        Field field = FieldNamed(ref reader);
        return field is >= Field.PromptTokens and <= Field.JsonMode ? Field.Unknown : field;
    }

    /// <summary>The field a property name inside "metadata" stands for.</summary>
    private static Field MetadataField(ref JsonLineScanner reader)
    {
        Field field = FieldNamed(ref reader);
        return field is >= Field.Timestamp and <= Field.Metadata ? Field.Unknown : field;
    }

    /// <summary>
    /// The field of any level a property name stands for: one candidate picked by the name's length and a distinguishing
    /// byte, then compared in full. Every line has about fifteen names; comparing each against the list in turn cost
    /// several times as much.
    /// </summary>
    private static Field FieldNamed(ref JsonLineScanner reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return FieldNamed(reader.ValueSpan);
        }

        // Rare: a name written with escapes ("\u0069nput") is the same name once they are resolved.
        byte[] buffer = ArrayPool<byte>.Shared.Rent(reader.ValueSpan.Length);
        try
        {
            int length = JsonStringDecoder.Unescape(reader.ValueSpan, ref buffer);
            return FieldNamed(buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The field a property name (unescaped) stands for at any level; <see cref="Field.Unknown"/> for any other name.</summary>
    internal static Field FieldNamed(ReadOnlySpan<byte> name)
    {
        if (name.Length < MinNameLength || name.Length > MaxNameLength)
        {
            return Field.Unknown;
        }

        int slot = CandidateSlot(name);
        var words = WordsOf(name);
        Field first = FirstCandidate[slot];
        if (first != Field.Unknown && words == NameWords[(int)first])
        {
            return first;
        }

        Field second = SecondCandidate[slot];
        return second != Field.Unknown && words == NameWords[(int)second] ? second : Field.Unknown;
    }

    // Property names are looked up some fifteen times a line. A name's length and first byte pick at most two
    // candidates (gpu_memory_gb and gpu_memory_mb share both); two or three overlapping 4- or 8-byte loads then
    // compare the whole name against each, with no loop and no call: a switch, a second switch for the expected
    // name and a general comparison took 2.4% of one-thread analyze CPU.
    // Each field's name as a line writes it, quotes included: what TryReadPropertyNamed compares.
    private static readonly QuotedName[] QuotedNames = [.. Enum.GetValues<Field>().Select(f => new QuotedName(f == Field.Unknown ? [] : NameOf(f)))];

    /// <summary>How many fields there are (Unknown included): the size of a table indexed by field.</summary>
    internal static readonly int FieldCount = Enum.GetValues<Field>().Length;

    private static readonly int MinNameLength = Enum.GetValues<Field>().Where(f => f != Field.Unknown).Min(f => NameOf(f).Length);
    private static readonly int MaxNameLength = Enum.GetValues<Field>().Where(f => f != Field.Unknown).Max(f => NameOf(f).Length);
    private static readonly (ulong Head, ulong Middle, ulong Tail)[] NameWords = [.. Enum.GetValues<Field>().Select(f => f == Field.Unknown ? default : WordsOf(NameOf(f)))];
    private static readonly Field[] FirstCandidate = Candidates(second: false);
    private static readonly Field[] SecondCandidate = Candidates(second: true);

    private static int CandidateSlot(ReadOnlySpan<byte> name) => (name.Length << 5) | (name[0] & 31);

    private static Field[] Candidates(bool second)
    {
        if (MinNameLength < 4 || MaxNameLength > 24)
        {
            throw new InvalidOperationException("Field names must be 4 to 24 bytes long to be compared by WordsOf.");
        }

        var table = new Field[(MaxNameLength + 1) << 5];
        foreach (var group in Enum.GetValues<Field>().Where(f => f != Field.Unknown).GroupBy(f => CandidateSlot(NameOf(f))))
        {
            var fields = group.ToArray();
            if (fields.Length > 2)
            {
                throw new InvalidOperationException($"More than two field names share a length and first byte: {string.Join(", ", fields)}.");
            }

            table[group.Key] = second ? (fields.Length == 2 ? fields[1] : Field.Unknown) : fields[0];
        }

        return table;
    }

    /// <summary>
    /// Bytes 0–7 (0–3 below 8), 8–15 above 16, and the last 8 (4): together they cover every byte of a name of
    /// <see cref="MinNameLength"/> (at least 4) to 24 bytes, so two names of one length are equal exactly when their words are.
    /// </summary>
    private static (ulong Head, ulong Middle, ulong Tail) WordsOf(ReadOnlySpan<byte> name)
    {
        ref byte start = ref System.Runtime.InteropServices.MemoryMarshal.GetReference(name);
        int length = name.Length;
        if (length < 8)
        {
            return (
                System.Runtime.CompilerServices.Unsafe.ReadUnaligned<uint>(ref start),
                0,
                System.Runtime.CompilerServices.Unsafe.ReadUnaligned<uint>(ref System.Runtime.CompilerServices.Unsafe.Add(ref start, length - 4)));
        }

        return (
            System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ulong>(ref start),
            length > 16 ? System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ulong>(ref System.Runtime.CompilerServices.Unsafe.Add(ref start, 8)) : 0,
            System.Runtime.CompilerServices.Unsafe.ReadUnaligned<ulong>(ref System.Runtime.CompilerServices.Unsafe.Add(ref start, length - 8)));
    }

    /// <summary>The property name of a field.</summary>
    internal static ReadOnlySpan<byte> NameOf(Field field) => field switch
    {
        Field.Input => "input"u8,
        Field.Level => "level"u8,
        Field.Model => "model"u8,
        Field.Output => "output"u8,
        Field.Device => "device"u8,
        Field.Metadata => "metadata"u8,
        Field.Timestamp => "timestamp"u8,
        Field.JsonMode => "json_mode"u8,
        Field.RequestId => "request_id"u8,
        Field.Temperature => "temperature"u8,
        Field.MeanItlMs => "mean_itl_ms"u8,
        Field.TotalTokens => "total_tokens"u8,
        Field.PromptTokens => "prompt_tokens"u8,
        Field.FinishReason => "finish_reason"u8,
        Field.QueueTimeMs => "queue_time_ms"u8,
        Field.TotalLatencyMs => "total_latency_ms"u8,
        Field.FunctionCalling => "function_calling"u8,
        Field.CompletionTokens => "completion_tokens"u8,
        Field.TokensPerSecond => "tokens_per_second"u8,
        Field.FirstTokenLatencyMs => "first_token_latency_ms"u8,
        Field.GpuMemoryGb => "gpu_memory_gb"u8,
        Field.GpuMemoryMb => "gpu_memory_mb"u8,
        _ => default,
    };

    /// <summary>vLLM's per-request metrics, wherever the server put them; anything else is skipped.</summary>
    /// <remarks>The names for reasons are constants picked here, never concatenated: an accepted line allocates none.</remarks>
    private static string? ReadServerField(ref JsonLineScanner reader, Field field, bool inMetadata, ParsedLine target)
    {
        switch (field)
        {
            case Field.FinishReason:
                return ReadSmallString(ref reader, inMetadata ? "metadata.finish_reason" : "finish_reason", out target.FinishReason);
            case Field.QueueTimeMs:
                return ReadMeasure(ref reader, inMetadata ? "metadata.queue_time_ms" : "queue_time_ms", out target.QueueTimeMs);
            case Field.MeanItlMs:
                return ReadMeasure(ref reader, inMetadata ? "metadata.mean_itl_ms" : "mean_itl_ms", out target.MeanItlMs);
            case Field.TokensPerSecond:
                return ReadMeasure(ref reader, inMetadata ? "metadata.tokens_per_second" : "tokens_per_second", out target.TokensPerSecond);
            case Field.GpuMemoryMb:
                return ReadMeasure(ref reader, inMetadata ? "metadata.gpu_memory_mb" : "gpu_memory_mb", out target.GpuMemoryMb);
            case Field.GpuMemoryGb:
                string name = inMetadata ? "metadata.gpu_memory_gb" : "gpu_memory_gb";
                string? error = ReadMeasure(ref reader, name, out double gb);
                if (error is null && !double.IsFinite(gb * 1024))
                {
                    return $"field '{name}' ({Format(gb)}) is out of range: too large to express in MB";
                }

                target.GpuMemoryMb = gb * 1024;
                return error;
            default:
                return reader.Skip() ? null : Invalid(ref reader);
        }
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

    private static string? ReadTimestamp(ref JsonLineScanner reader, ParsedLine target)
    {
        if (reader.Token == JsonToken.Number)
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

        if (reader.Token == JsonToken.String)
        {
            string text = GetString(ref reader);
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

        return reader.Token == JsonToken.Null ? "missing required field 'timestamp' (null)" : WrongType("timestamp", "a number of epoch seconds", reader.Token);
    }

    private static string? ReadText(ref JsonLineScanner reader, string name, ref Utf16Text text, out TextRef where, ref char[] chars, out int length, out bool present)
    {
        length = 0;
        present = false;
        where = TextRef.None;
        if (reader.Token != JsonToken.String)
        {
            return WrongType(name, "a string", reader.Token);
        }

        where = Ref(ref reader);
        chars = text.Buffer; // grown while decoding when the text was longer than the buffer
        if (!text.IsValidUtf8)
        {
            return InvalidUtf8; // the caller finds the exact byte
        }

        length = text.Chars.Length;
        present = true;
        return null;
    }

    private static string? ReadSmallString(ref JsonLineScanner reader, string name, out TextRef value)
    {
        value = TextRef.None;
        if (reader.Token == JsonToken.Null)
        {
            return null;
        }

        if (reader.Token != JsonToken.String)
        {
            return WrongType(name, "a string", reader.Token);
        }

        value = Ref(ref reader);
        return null;
    }

    private static TextRef Ref(ref JsonLineScanner reader) => new(reader.TokenStart, reader.ValueSpan.Length, reader.ValueIsEscaped);

    private static string? ReadCount(ref JsonLineScanner reader, string name, out long value, out bool present)
    {
        value = 0;
        present = false;
        if (reader.Token == JsonToken.Null)
        {
            return null;
        }

        if (reader.Token != JsonToken.Number)
        {
            return WrongType(name, "a non-negative integer", reader.Token);
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
            // Invariant: the current culture may write the minus as U+2212 (sv-SE does), and reasons are compared and stored.
            return string.Create(CultureInfo.InvariantCulture, $"field '{name}' is negative ({value})");
        }

        if (value > MaxTokens)
        {
            return string.Create(CultureInfo.InvariantCulture, $"field '{name}' ({value}) is out of range: more than 1,000,000,000 tokens is not plausible");
        }

        present = true;
        return null;
    }

    /// <summary>A duration or speed: finite and non-negative; null means absent (NaN).</summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)] // see ReadName
    private static string? ReadMeasure(ref JsonLineScanner reader, string name, out double value)
    {
        string? error = ReadNumber(ref reader, name, out value);
        if (error is null && value < 0)
        {
            return $"field '{name}' is negative ({Format(value)})";
        }

        return error;
    }

    /// <summary>Whether a non-negative latency passes <see cref="ReadLatency"/>'s checks.</summary>
    private static bool IsPlausibleLatency(double ms) => ms == 0 || ms is >= MinPositiveLatencyMs and <= MaxLatencyMs;

    /// <summary>A latency: a measure that is 0 or within [<see cref="MinPositiveLatencyMs"/>, <see cref="MaxLatencyMs"/>].</summary>
    private static string? ReadLatency(ref JsonLineScanner reader, string name, out double value)
    {
        string? error = ReadMeasure(ref reader, name, out value);
        if (error is not null || double.IsNaN(value) || value == 0)
        {
            return error;
        }

        if (value < MinPositiveLatencyMs)
        {
            string reason = $"field '{name}' ({Format(value)}) is out of range: a positive latency below 0.000001 ms (1 ns) is not plausible and overflows tokens/s";
            value = double.NaN;
            return reason;
        }

        if (value > MaxLatencyMs)
        {
            string reason = $"field '{name}' ({Format(value)}) is out of range: above 1e12 ms (31.7 years) is not plausible";
            value = double.NaN;
            return reason;
        }

        return null;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)] // see ReadName
    private static string? ReadNumber(ref JsonLineScanner reader, string name, out double value)
    {
        value = double.NaN;
        if (reader.Token == JsonToken.Null)
        {
            return null;
        }

        if (reader.Token != JsonToken.Number)
        {
            return WrongType(name, "a number", reader.Token);
        }

        if (!reader.TryGetDouble(out value) || !double.IsFinite(value))
        {
            value = double.NaN;
            return $"field '{name}' is out of range (not a finite number)";
        }

        return null;
    }

    private static string? ReadBool(ref JsonLineScanner reader, string name, out bool value)
    {
        value = false;
        switch (reader.Token)
        {
            case JsonToken.True:
                value = true;
                return null;
            case JsonToken.False:
            case JsonToken.Null:
                return null;
            default:
                return WrongType(name, "true or false", reader.Token);
        }
    }

    private static string GetString(ref JsonLineScanner reader)
    {
        if (!reader.ValueIsEscaped)
        {
            return System.Text.Encoding.UTF8.GetString(reader.ValueSpan);
        }

        byte[] buffer = new byte[reader.ValueSpan.Length];
        int length = JsonStringDecoder.Unescape(reader.ValueSpan, ref buffer);
        return System.Text.Encoding.UTF8.GetString(buffer, 0, length);
    }

    private static string WrongType(string name, string expected, JsonToken found) =>
        $"field '{name}' has wrong type: expected {expected}, found {Describe(found)}";

    private static string Describe(JsonToken token) => token switch
    {
        JsonToken.StartObject => "object",
        JsonToken.StartArray => "array",
        JsonToken.String => "string",
        JsonToken.Number => "number",
        JsonToken.True or JsonToken.False => "boolean",
        JsonToken.Null => "null",
        _ => token.ToString().ToLowerInvariant(),
    };

    private static string Format(double value) => value.ToString("R", CultureInfo.InvariantCulture);

    private static string Truncate(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
