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

namespace QwenLogFunctions.Core.Parsing.Dialects;

/// <summary>
/// Turns one line of a non-article dialect into its requests (none, one, or for OTLP many) or a rejection whose reason
/// names the dialect and the field. The same rules, metrics and record as the article's <see cref="LineProcessor"/>;
/// one instance per worker thread.
/// </summary>
internal sealed class DialectLineProcessor
{
    private static readonly SearchValues<byte> AsciiBlank = SearchValues.Create(" \t\r\n\v\f"u8);
    private static readonly JsonDocumentOptions DocumentOptions = new() { MaxDepth = 256 };

    private readonly AnalyzerOptions _options;
    private readonly ComplianceRules _rules;
    private readonly List<DialectRequest> _requests = [];
    private readonly List<RequestMetrics> _metrics = [];
    private readonly List<ulong> _hashes = [];
    private byte[] _copy = new byte[4096];

    public DialectLineProcessor(AnalyzerOptions options, ComplianceRules rules)
    {
        _options = options;
        _rules = rules;
    }

    /// <summary>When an accepted line also had requests that did not map (OTLP spans), the reason for those; else null.</summary>
    public string? PartialRejection { get; private set; }

    /// <summary>Requests of the last line processed.</summary>
    public int Count => _metrics.Count;

    public RequestMetrics Metrics(int index) => _metrics[index];

    /// <summary>xxHash3 of the request's input, 0 when it has none to compare (invalid or not logged).</summary>
    public ulong InputHash(int index) => _hashes[index];

    /// <summary>
    /// Processes one line (without its LF). <see cref="LineOutcome.Accepted"/> with <see cref="Count"/> ≥ 1 requests;
    /// <see cref="LineOutcome.Blank"/> for a blank line or a line that holds no request (OTLP without GenAI spans).
    /// </summary>
    public LineOutcome Process(ReadOnlySpan<byte> line, LogDialect dialect, out string? reason)
    {
        _requests.Clear();
        _metrics.Clear();
        _hashes.Clear();
        PartialRejection = null;
        reason = null;
        int start = line.IndexOfAnyExcept(AsciiBlank);
        if (start < 0)
        {
            return LineOutcome.Blank;
        }

        var content = line[start..(line.LastIndexOfAnyExcept(AsciiBlank) + 1)];
        string name = LogDialectNames.NameOf(dialect);
        if (!Utf8.IsValid(content))
        {
            reason = $"{name}: invalid UTF-8 at byte {start + FirstInvalidUtf8(content)}";
            return LineOutcome.Rejected;
        }

        if (content[0] != (byte)'{' && content[0] >= 0x80 && PythonWhitespace.IsBlank(Encoding.UTF8.GetString(content)))
        {
            return LineOutcome.Blank;
        }

        if (_copy.Length < content.Length)
        {
            _copy = new byte[Math.Max(content.Length, _copy.Length * 2)];
        }

        content.CopyTo(_copy);
        LoneSurrogateEscapes.Replace(_copy.AsSpan(0, content.Length));
        try
        {
            using var document = JsonDocument.Parse(_copy.AsMemory(0, content.Length), DocumentOptions);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object)
            {
                reason = $"{name}: not a JSON object (the line is a JSON {DialectJson.Describe(root.ValueKind)})";
                return LineOutcome.Rejected;
            }

            reason = dialect switch
            {
                LogDialect.LiteLlm => LiteLlmMapper.Map(root, _requests),
                LogDialect.Otlp => OtlpMapper.Map(root, _requests),
                LogDialect.OpenAIBatch => OpenAIBatchMapper.Map(root, _requests),
                _ => throw new ArgumentOutOfRangeException(nameof(dialect), dialect, "the article dialect has its own processor"),
            };
        }
        catch (JsonException ex)
        {
            string message = ex.Message;
            int cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
            reason = $"{name}: invalid JSON at byte {start + (ex.BytePositionInLine ?? 0)}: {(cut > 0 ? message[..cut] : message)}";
            return LineOutcome.Rejected;
        }

        // An OTLP line whose GenAI spans all failed is rejected; one with some good spans keeps them and reports the
        // others as one rejection of the line (PartialRejection).
        if (reason is not null && _requests.Count == 0)
        {
            return LineOutcome.Rejected;
        }

        PartialRejection = reason;

        foreach (var request in _requests)
        {
            _metrics.Add(Measure(request, dialect, out ulong hash));
            _hashes.Add(hash);
        }

        reason = null;
        return _requests.Count == 0 ? LineOutcome.Blank : LineOutcome.Accepted;
    }

    private RequestMetrics Measure(DialectRequest request, LogDialect dialect, out ulong inputHash)
    {
        inputHash = 0;
        bool finishedByLength = string.Equals(request.FinishReason, "length", StringComparison.Ordinal);
        RequestFlags flags;
        bool success;
        if (request.OutputAbsent)
        {
            // Nothing to judge: content flags are not applicable; success is the call's own status.
            flags = finishedByLength ? RequestFlags.TruncatedOutput : RequestFlags.None;
            success = !request.IsError;
        }
        else
        {
            bool checkJson = request.JsonMode && !request.AnswerIsToolCallsOnly;
            flags = _rules.EvaluateOutput(request.Output, checkJson, request.FunctionCalling, finishedByLength, out success);
        }

        if (!request.InputAbsent)
        {
            var inputFlags = _rules.EvaluateInput(request.Input);
            if (request.Conversation is { Length: > 0 } conversation && (inputFlags & RequestFlags.PromptInjection) == 0)
            {
                // An injection earlier in the conversation (a system or earlier user turn) counts too.
                inputFlags |= _rules.EvaluateInput(conversation) & RequestFlags.PromptInjection;
            }

            flags |= inputFlags;
            if ((inputFlags & RequestFlags.InvalidPrompt) == 0)
            {
                inputHash = XxHash3.HashToUInt64(MemoryMarshal.AsBytes(request.Input.AsSpan()));
                inputHash = inputHash == 0 ? 1 : inputHash;
            }
        }

        return new RequestMetrics(
            TimestampSeconds: (long)Math.Floor(request.TimestampSeconds),
            Model: string.IsNullOrEmpty(request.Model) ? "unknown" : request.Model,
            Device: string.IsNullOrEmpty(request.Device) ? "unknown" : request.Device,
            PromptTokens: request.PromptTokens,
            CompletionTokens: request.CompletionTokens,
            TotalLatencyMs: request.TotalLatencyMs,
            FirstTokenLatencyMs: request.FirstTokenLatencyMs,
            Success: success,
            IsErrorLevel: request.IsError,
            Flags: flags,
            JsonMode: request.JsonMode,
            Dialect: dialect,
            ContentAbsent: request.OutputAbsent);
    }

    /// <summary>The full record of request <paramref name="index"/> of the line last accepted.</summary>
    public RequestRecord BuildRecord(int index, string shard, long lineNumber, in RequestMetrics metrics)
    {
        var request = _requests[index];
        string requestId = request.RequestId ?? string.Empty;
        bool synthesized = requestId.Length == 0;
        if (synthesized)
        {
            requestId = index == 0
                ? string.Create(CultureInfo.InvariantCulture, $"{shard}#L{lineNumber}")
                : string.Create(CultureInfo.InvariantCulture, $"{shard}#L{lineNumber}#S{index}");
        }

        return new RequestRecord
        {
            Shard = shard,
            LineNumber = lineNumber,
            RecordIndex = index,
            RequestId = requestId,
            RequestIdSynthesized = synthesized,
            Level = request.IsError ? "ERROR" : "INFO",
            Metrics = metrics,
            TotalTokens = request.TotalTokens >= 0 ? request.TotalTokens : request.PromptTokens + request.CompletionTokens,
            Temperature = double.IsNaN(request.Temperature) ? null : request.Temperature,
            FunctionCalling = request.FunctionCalling,
            JsonMode = request.JsonMode,
            FinishReason = request.FinishReason,
            QueueTimeMs = double.IsNaN(request.QueueTimeMs) ? null : request.QueueTimeMs,
            InputLength = request.Input.Length,
            OutputLength = request.Output.Length,
            InputSha256 = Sha256Hex(request.Input),
            OutputSha256 = Sha256Hex(request.Output),
            InputPreview = Redactor.Preview(request.Input, _options.PreviewChars),
            OutputPreview = Redactor.Preview(request.Output, _options.PreviewChars),
        };
    }

    private static string Sha256Hex(string text) => Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(text)));

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        int position = 0;
        while (position < bytes.Length)
        {
            if (Rune.DecodeFromUtf8(bytes[position..], out _, out int consumed) != OperationStatus.Done)
            {
                return position;
            }

            position += consumed;
        }

        return position;
    }
}
