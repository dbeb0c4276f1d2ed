namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// The fields of one log line, parsed into reusable buffers: one instance per worker, reset per line, so the hot
/// path allocates nothing per request. Texts are UTF-16 (for the rules); small strings are kept as references into
/// the line and materialized only when needed.
/// </summary>
internal sealed class ParsedLine
{
    public char[] Input = new char[4096];
    public int InputLength;
    public char[] Output = new char[4096];
    public int OutputLength;

    public TextRef OutputRef;

    /// <summary>Where the input string is in the line (its bytes are checked as UTF-8 while transcoding).</summary>
    public TextRef InputRef;

    public double Timestamp;
    public TextRef Level, RequestId, Model, Device, FinishReason;
    public string? TimestampText;
    public long PromptTokens, CompletionTokens, TotalTokens;
    public double TotalLatencyMs, FirstTokenLatencyMs, Temperature, QueueTimeMs, MeanItlMs, TokensPerSecond, GpuMemoryMb;
    public bool FunctionCalling, JsonMode;
    public bool HasTimestamp, HasInput, HasOutput, HasMetadata, HasPromptTokens, HasCompletionTokens, HasLatency;

    /// <summary>
    /// The field whose name followed each field's (Unknown: the object's start) on this worker's last line, at the top
    /// level and in "metadata": the parser tries that name first. Kept across lines (not reset).
    /// </summary>
    public readonly LogLineParser.Field[] NextTopLevel = new LogLineParser.Field[LogLineParser.FieldCount];

    /// <inheritdoc cref="NextTopLevel"/>
    public readonly LogLineParser.Field[] NextInMetadata = new LogLineParser.Field[LogLineParser.FieldCount];

    /// <summary>The request id when it was a JSON number (kept as its text).</summary>
    public string? NumericRequestId;

    public ReadOnlySpan<char> InputSpan => Input.AsSpan(0, InputLength);

    public ReadOnlySpan<char> OutputSpan => Output.AsSpan(0, OutputLength);

    public void Reset()
    {
        InputLength = OutputLength = 0;
        OutputRef = InputRef = Level = RequestId = Model = Device = FinishReason = TextRef.None;
        Timestamp = 0;
        TimestampText = null;
        NumericRequestId = null;
        PromptTokens = CompletionTokens = 0;
        TotalTokens = -1;
        TotalLatencyMs = 0;
        FirstTokenLatencyMs = Temperature = QueueTimeMs = MeanItlMs = TokensPerSecond = GpuMemoryMb = double.NaN;
        FunctionCalling = JsonMode = false;
        HasTimestamp = HasInput = HasOutput = HasMetadata = HasPromptTokens = HasCompletionTokens = HasLatency = false;
    }
}
