namespace QwenLogFunctions.Core.Parsing;

/// <summary>Where a JSON string value sits in a line: the offset of its opening quote, its raw length, and whether it has escapes.</summary>
internal readonly record struct TextRef(int TokenStart, int RawLength, bool Escaped)
{
    public static TextRef None { get; } = new(-1, 0, false);

    public bool IsPresent => TokenStart >= 0;

    /// <summary>The raw UTF-8 bytes between the quotes (escapes not resolved).</summary>
    public ReadOnlySpan<byte> Raw(ReadOnlySpan<byte> line) => line.Slice(TokenStart + 1, RawLength);
}
