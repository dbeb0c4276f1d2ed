using System.Buffers;
using System.Globalization;
using System.IO.Hashing;
using System.Runtime.InteropServices;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.Unicode;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Turns one raw line into an accepted request (metrics, flags, input hash) or a rejection. One per worker thread:
/// it owns the reusable <see cref="ParsedLine"/> buffers.
/// </summary>
internal sealed class LineProcessor
{
    private static readonly SearchValues<byte> AsciiBlank = SearchValues.Create(" \t\r\n\v\f"u8);

    private readonly AnalyzerOptions _options;
    private readonly ComplianceRules _rules;
    private readonly Utf8StringCache _strings = new();

    public LineProcessor(AnalyzerOptions options, ComplianceRules rules)
    {
        _options = options;
        _rules = rules;
    }

    /// <summary>The fields of the last accepted line (valid until the next call).</summary>
    public ParsedLine Parsed { get; } = new();

    /// <summary>The line as given to the last <see cref="Process"/> call, CR and surrounding blanks trimmed.</summary>
    public int LastLineStart { get; private set; }

    /// <summary>
    /// Processes one line (without its LF). On <see cref="LineOutcome.Accepted"/>, <paramref name="metrics"/> and
    /// <paramref name="inputHash"/> (0 when the prompt is invalid, so it never counts as a repeat) are set;
    /// on <see cref="LineOutcome.Rejected"/>, <paramref name="reason"/> is.
    /// </summary>
    public LineOutcome Process(ReadOnlySpan<byte> line, out RequestMetrics metrics, out ulong inputHash, out string? reason)
    {
        metrics = default;
        inputHash = 0;
        reason = null;

        int start = line.IndexOfAnyExcept(AsciiBlank);
        if (start < 0)
        {
            return LineOutcome.Blank;
        }

        int end = line.LastIndexOfAnyExcept(AsciiBlank);
        var content = line[start..(end + 1)];
        LastLineStart = start;

        if (line.Length > _options.MaxLineBytes)
        {
            reason = OversizeReason(line.Length);
            return LineOutcome.Rejected;
        }

        if (content[0] != (byte)'{' && content[0] >= 0x80 && IsPythonBlank(content))
        {
            return LineOutcome.Blank;
        }

        // UTF-8 is checked where it costs nothing extra: the input and output (nearly all bytes) while they are
        // transcoded, the rest of the line here. Any failure, or a parse error on a line that is not UTF-8 at all,
        // is reported with the offset of the first bad byte.
        reason = LogLineParser.Parse(content, Parsed);
        if (reason is not null || !IsValidUtf8OutsideTexts(content))
        {
            if (!Utf8.IsValid(content))
            {
                reason = $"invalid UTF-8 at byte {start + FirstInvalidUtf8(content)}";
            }

            return LineOutcome.Rejected;
        }

        var parsed = Parsed;
        bool finishedByLength = parsed.FinishReason.IsPresent && TextEquals(content, parsed.FinishReason, "length"u8);
        var flags = _rules.EvaluateOutput(parsed.OutputSpan, parsed.JsonMode, parsed.FunctionCalling, finishedByLength, out bool success);
        var inputFlags = _rules.EvaluateInput(parsed.InputSpan);
        flags |= inputFlags;
        if ((inputFlags & RequestFlags.InvalidPrompt) == 0)
        {
            inputHash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(parsed.InputSpan));
            if (inputHash == 0)
            {
                inputHash = 1; // 0 means "no hash"
            }
        }

        metrics = new RequestMetrics(
            TimestampSeconds: (long)Math.Floor(parsed.Timestamp),
            Model: parsed.Model.IsPresent ? Text(content, parsed.Model) : "unknown",
            Device: parsed.Device.IsPresent ? Text(content, parsed.Device) : "unknown",
            PromptTokens: parsed.PromptTokens,
            CompletionTokens: parsed.CompletionTokens,
            TotalLatencyMs: parsed.TotalLatencyMs,
            FirstTokenLatencyMs: parsed.FirstTokenLatencyMs,
            Success: success,
            IsErrorLevel: parsed.Level.IsPresent && IsErrorLevel(content, parsed.Level),
            Flags: flags,
            JsonMode: parsed.JsonMode,
            QueueTimeMs: parsed.QueueTimeMs,
            MeanItlMs: parsed.MeanItlMs,
            GpuMemoryMb: parsed.GpuMemoryMb,
            TimestampFraction: parsed.Timestamp - Math.Floor(parsed.Timestamp));
        return LineOutcome.Accepted;
    }

    /// <summary>Whether the bytes outside the input and output strings (already validated) are UTF-8.</summary>
    private bool IsValidUtf8OutsideTexts(ReadOnlySpan<byte> content)
    {
        TextRef first = Parsed.InputRef, second = Parsed.OutputRef;
        if (!first.IsPresent || (second.IsPresent && second.TokenStart < first.TokenStart))
        {
            (first, second) = (second, first);
        }

        int position = 0;
        foreach (var text in (ReadOnlySpan<TextRef>)[first, second])
        {
            if (!text.IsPresent || text.TokenStart < position)
            {
                continue;
            }

            if (!IsUtf8(content[position..text.TokenStart]))
            {
                return false;
            }

            position = text.TokenStart + 1 + text.RawLength;
        }

        return IsUtf8(content[position..]);
    }

    // These parts (field names, numbers, the request id, model and device) are nearly always ASCII: the ASCII test is
    // one tight vector loop, where the framework's UTF-8 validation of a few hundred bytes cost about three times as much.
    private static bool IsUtf8(ReadOnlySpan<byte> bytes) => Ascii.IsValid(bytes) || Utf8.IsValid(bytes);

    /// <summary>The reason given for a line over the limit.</summary>
    public string OversizeReason(long bytes) =>
        $"line longer than the configured limit ({bytes.ToString(CultureInfo.InvariantCulture)} bytes > {_options.MaxLineBytes.ToString(CultureInfo.InvariantCulture)}); not parsed";

    /// <summary>Builds the full record of the line last accepted by <see cref="Process"/>.</summary>
    public RequestRecord BuildRecord(ReadOnlySpan<byte> line, string shard, long lineNumber, in RequestMetrics metrics)
    {
        var parsed = Parsed;
        var content = line[LastLineStart..];
        string requestId;
        bool synthesized = false;
        if (parsed.RequestId.IsPresent)
        {
            requestId = Text(content, parsed.RequestId);
        }
        else if (parsed.NumericRequestId is not null)
        {
            requestId = parsed.NumericRequestId;
        }
        else
        {
            requestId = string.Create(CultureInfo.InvariantCulture, $"{shard}#L{lineNumber}");
            synthesized = true;
        }

        if (requestId.Length == 0)
        {
            requestId = string.Create(CultureInfo.InvariantCulture, $"{shard}#L{lineNumber}");
            synthesized = true;
        }

        return new RequestRecord
        {
            Shard = shard,
            LineNumber = lineNumber,
            RequestId = requestId,
            RequestIdSynthesized = synthesized,
            Level = parsed.Level.IsPresent ? Text(content, parsed.Level) : "INFO",
            Metrics = metrics,
            TotalTokens = parsed.TotalTokens >= 0 ? parsed.TotalTokens : parsed.PromptTokens + parsed.CompletionTokens,
            Temperature = Optional(parsed.Temperature),
            FunctionCalling = parsed.FunctionCalling,
            JsonMode = parsed.JsonMode,
            FinishReason = parsed.FinishReason.IsPresent ? Text(content, parsed.FinishReason) : null,
            QueueTimeMs = Optional(parsed.QueueTimeMs),
            MeanInterTokenLatencyMs = Optional(parsed.MeanItlMs),
            ReportedTokensPerSecond = Optional(parsed.TokensPerSecond),
            GpuMemoryMb = Optional(parsed.GpuMemoryMb),
            InputLength = parsed.InputLength,
            OutputLength = parsed.OutputLength,
            InputSha256 = Sha256Hex(parsed.InputSpan),
            OutputSha256 = Sha256Hex(parsed.OutputSpan),
            InputPreview = Redactor.Preview(parsed.InputSpan, _options.PreviewChars),
            OutputPreview = Redactor.Preview(parsed.OutputSpan, _options.PreviewChars),
            FlagCategories = (metrics.Flags & (RequestFlags.PromptInjection | RequestFlags.Refusal)) == 0
                ? []
                : _rules.Categorize(parsed.InputSpan, parsed.OutputSpan, metrics.Flags),
        };
    }

    /// <summary>A redacted, shortened view of a rejected line for people to recognise it.</summary>
    public string Snippet(ReadOnlySpan<byte> line)
    {
        var head = line[..Math.Min(line.Length, (_options.RejectSnippetChars * 4) + 512)];
        string text = Encoding.UTF8.GetString(head); // invalid bytes become U+FFFD
        return Redactor.Preview(text, _options.RejectSnippetChars);
    }

    private string Text(ReadOnlySpan<byte> content, TextRef reference)
    {
        if (!reference.Escaped)
        {
            return _strings.Get(reference.Raw(content));
        }

        // Not the framework's reader: it throws on a lone surrogate escape ("\ud800"), which Python writes and accepts.
        return JsonStringDecoder.ToText(reference.Raw(content));
    }

    private static bool TextEquals(ReadOnlySpan<byte> content, TextRef reference, ReadOnlySpan<byte> expected) =>
        !reference.Escaped && reference.Raw(content).SequenceEqual(expected);

    private static bool IsErrorLevel(ReadOnlySpan<byte> content, TextRef level)
    {
        var raw = level.Raw(content);
        return Ascii.EqualsIgnoreCase(raw, "ERROR"u8) || Ascii.EqualsIgnoreCase(raw, "CRITICAL"u8) || Ascii.EqualsIgnoreCase(raw, "FATAL"u8);
    }

    private static double? Optional(double value) => double.IsNaN(value) ? null : value;

    private static string Sha256Hex(ReadOnlySpan<char> text)
    {
        int max = Encoding.UTF8.GetMaxByteCount(text.Length);
        byte[] rented = ArrayPool<byte>.Shared.Rent(max);
        try
        {
            int length = Encoding.UTF8.GetBytes(text, rented);
            return Convert.ToHexStringLower(SHA256.HashData(rented.AsSpan(0, length)));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private static bool IsPythonBlank(ReadOnlySpan<byte> content)
    {
        // Only reached for valid UTF-8 starting with a non-ASCII byte: lines like "\u3000" that Python's strip() empties.
        string text = Encoding.UTF8.GetString(content);
        return PythonWhitespace.IsBlank(text);
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int position = 0;
        while (position < bytes.Length)
        {
            var status = System.Text.Rune.DecodeFromUtf8(bytes[position..], out _, out int consumed);
            if (status != OperationStatus.Done)
            {
                return position;
            }

            position += consumed;
        }

        return position;
    }
}
