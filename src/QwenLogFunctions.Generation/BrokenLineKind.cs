namespace QwenLogFunctions.Generation;

/// <summary>The kinds of damaged lines the generator emits when <see cref="GeneratorOptions.BrokenLineShare"/> is above zero.</summary>
public enum BrokenLineKind
{
    /// <summary>Not JSON: Python dict repr, trailing comma, unescaped quote, raw tab in a string, NaN, plain text log line, missing brace.</summary>
    InvalidJson,

    /// <summary>A record cut off mid-line (cut on a UTF-8 character boundary).</summary>
    Truncated,

    /// <summary>Valid JSON that is not an object: <c>[1, 2]</c>, <c>42</c>, <c>null</c>, a string, a record wrapped in an array.</summary>
    NonObject,

    /// <summary>An object whose field has the wrong type (<c>"output": 5</c>, metadata as a string, ...) or is missing.</summary>
    WrongType,

    /// <summary>A well-typed record with implausible values: negative latencies or tokens, a millisecond timestamp.</summary>
    OutOfRange,

    /// <summary>An empty line.</summary>
    Blank,

    /// <summary>A line of spaces and tabs only.</summary>
    WhitespaceOnly,

    /// <summary>A complete, valid record ending in CRLF instead of LF.</summary>
    CrLf,
}
