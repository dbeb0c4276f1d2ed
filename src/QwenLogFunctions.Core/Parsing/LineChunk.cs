using System.Buffers;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>What <see cref="LineBlockReader"/> produces, in shard order.</summary>
internal enum LineChunkKind
{
    /// <summary>Complete lines (each ends with LF, except possibly the shard's last).</summary>
    Block,

    /// <summary>One line longer than the limit, skipped without buffering it.</summary>
    OversizeLine,

    /// <summary>The shard as a whole has a problem (cut short, failed gzip checksum, damaged compression, UTF-16); terminal.</summary>
    ReadError,
}

/// <summary>
/// A run of complete lines in a pooled buffer, or a notice about a line that was not buffered.
/// Call <see cref="Release"/> once the lines have been processed.
/// </summary>
internal sealed class LineChunk
{
    public LineChunkKind Kind { get; init; }

    /// <summary>1-based number of the first line in the chunk.</summary>
    public long FirstLineNumber { get; init; }

    /// <summary>Pooled buffer holding <see cref="Length"/> bytes of lines (Block only).</summary>
    public byte[]? Buffer { get; private set; }

    public int Length { get; init; }

    /// <summary>Number of lines in the chunk (Block: LF count, plus one for an unterminated last line).</summary>
    public long LineCount { get; init; }

    /// <summary>For OversizeLine: bytes in the line; for ReadError: what went wrong.</summary>
    public long OversizeBytes { get; init; }

    public string? Error { get; init; }

    /// <summary>Block: its last line is the shard's last and has no LF (a cut-off line if it does not parse).</summary>
    public bool EndsWithUnterminatedLine { get; set; }

    /// <summary>Block: the offsets of its first LFs (<see cref="LineEndCount"/> of them, from the pool), found when it was read; null when it has none.</summary>
    public int[]? LineEnds { get; private set; }

    public int LineEndCount { get; init; }

    /// <summary>Raw (compressed, if gzip) bytes consumed so far, for progress.</summary>
    public long RawBytesConsumed { get; init; }

    public ReadOnlySpan<byte> Span => Buffer.AsSpan(0, Length);

    /// <summary>The block's lines, split at LF, with their 1-based numbers (Block only).</summary>
    public ChunkLines Lines() => new(Span, LineEnds.AsSpan(0, LineEndCount), FirstLineNumber, EndsWithUnterminatedLine);

    public static LineChunk ForBlock(byte[] buffer, int length, long firstLine, long lineCount, long rawBytes, int[]? lineEnds = null, int lineEndCount = 0) =>
        new() { Kind = LineChunkKind.Block, Buffer = buffer, Length = length, FirstLineNumber = firstLine, LineCount = lineCount, RawBytesConsumed = rawBytes, LineEnds = lineEnds, LineEndCount = lineEndCount };

    public void Release()
    {
        if (Buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(Buffer);
            Buffer = null;
        }

        if (LineEnds is not null)
        {
            ArrayPool<int>.Shared.Return(LineEnds);
            LineEnds = null;
        }
    }
}

/// <summary>
/// Enumerates the lines of a block without copying: <c>foreach (var line in chunk.Lines())</c>. Lines end at the
/// recorded LF offsets while there are any (<see cref="LineEndFinder"/>), then at the next LF searched for.
/// </summary>
internal ref struct ChunkLines(ReadOnlySpan<byte> block, ReadOnlySpan<int> lineEnds, long firstLineNumber, bool endsWithUnterminatedLine)
{
    private readonly ReadOnlySpan<int> _lineEnds = lineEnds;
    private ReadOnlySpan<byte> _rest = block;
    private long _nextNumber = firstLineNumber;
    private int _nextEnd;
    private int _offset;

    /// <summary>The line the enumerator is on.</summary>
    public ChunkLine Current { get; private set; }

    /// <summary>The enumerator itself (for <c>foreach</c>).</summary>
    public readonly ChunkLines GetEnumerator() => this;

    /// <summary>Moves to the next line; false after the last.</summary>
    public bool MoveNext()
    {
        if (_rest.IsEmpty)
        {
            return false;
        }

        int lf = _nextEnd < _lineEnds.Length ? _lineEnds[_nextEnd++] - _offset : _rest.IndexOf((byte)'\n');
        var text = lf < 0 ? _rest : _rest[..lf];
        _rest = lf < 0 ? default : _rest[(lf + 1)..];
        _offset += lf + 1;
        Current = new ChunkLine(text, _nextNumber++, lf < 0 && endsWithUnterminatedLine);
        return true;
    }
}

/// <summary>One line of a block: its bytes without the LF, its number, and whether it is the shard's unterminated last line.</summary>
internal readonly ref struct ChunkLine(ReadOnlySpan<byte> text, long number, bool isUnterminatedLast)
{
    /// <summary>The line's bytes, without its LF.</summary>
    public ReadOnlySpan<byte> Text { get; } = text;

    /// <summary>1-based line number in the shard.</summary>
    public long Number { get; } = number;

    /// <summary>The shard's last line, without an LF: cut off if it does not parse.</summary>
    public bool IsUnterminatedLast { get; } = isUnterminatedLast;
}
