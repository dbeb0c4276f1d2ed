using System.Buffers;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Cuts a shard's bytes into blocks of complete lines with bounded memory: plain or gzip (detected by the magic
/// bytes 1F 8B, whatever the name), a UTF-8 BOM skipped, LF or CRLF (the CR stays in the line and is trimmed later).
/// A line longer than the limit is never buffered whole: it is reported as <see cref="LineChunkKind.OversizeLine"/>
/// and skipped up to its LF, so a 20 MB line costs no more memory than a short one.
/// </summary>
internal sealed class LineBlockReader : IDisposable
{
    private const int DefaultBlockBytes = 4 * 1024 * 1024;

    private readonly Stream _raw;
    private readonly int _maxLineBytes;
    private readonly int _blockBytes;
    private Stream? _content;
    private byte[]? _carry;
    private int _carryLength;
    private long _nextLine = 1;
    private bool _atStart = true;
    private bool _finished;
    private string? _pendingError;

    private readonly bool _synchronous;

    /// <param name="raw">The shard's bytes; disposed with the reader.</param>
    /// <param name="maxLineBytes">Longer lines are skipped and reported.</param>
    /// <param name="blockBytes">Target block size.</param>
    /// <param name="synchronous">Read with blocking calls (dedicated analyzer threads on local files), so the
    /// returned ValueTasks complete at once and no thread-pool hop is paid per read.</param>
    public LineBlockReader(Stream raw, int maxLineBytes, int blockBytes = DefaultBlockBytes, bool synchronous = false)
    {
        _synchronous = synchronous;
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(maxLineBytes);
        _raw = raw;
        _maxLineBytes = maxLineBytes;
        _blockBytes = Math.Max(blockBytes, 4096);
    }

    /// <summary>Whether the content turned out to be gzip.</summary>
    public bool IsGzip { get; private set; }

    /// <summary>Raw bytes consumed so far (exact for seekable streams, decompressed bytes otherwise).</summary>
    public long RawBytesConsumed => _raw.CanSeek ? _raw.Position : _decompressedBytes;

    private long _decompressedBytes;

    /// <summary>Returns the next chunk, or null at the end of the shard.</summary>
    public async ValueTask<LineChunk?> ReadNextAsync(CancellationToken cancellationToken)
    {
        if (_pendingError is not null)
        {
            var error = ReadError(_pendingError);
            _pendingError = null;
            return error;
        }

        if (_finished)
        {
            return null;
        }

        _content ??= await OpenContentAsync(cancellationToken).ConfigureAwait(false);

        byte[] buffer = ArrayPool<byte>.Shared.Rent(Math.Max(_blockBytes, _carryLength * 2));
        int length = 0;
        if (_carry is not null)
        {
            _carry.AsSpan(0, _carryLength).CopyTo(buffer);
            length = _carryLength;
            ArrayPool<byte>.Shared.Return(_carry);
            _carry = null;
            _carryLength = 0;
        }

        while (true)
        {
            // Search only the new bytes for the last LF; the carried-over part has none.
            int searchFrom = length;
            int read;
            try
            {
                read = await ReadAsync(_content, buffer.AsMemory(length), cancellationToken).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is InvalidDataException or ShardIntegrityException)
            {
                // The bytes after the last complete line (a line cut by the damage) are dropped with the buffer.
                ArrayPool<byte>.Shared.Return(buffer);
                _finished = true;
                return ReadError(Describe(ex));
            }

            _decompressedBytes += read;
            if (read == 0)
            {
                _finished = true;
                if (length == 0)
                {
                    ArrayPool<byte>.Shared.Return(buffer);
                    return null;
                }

                // Last line without a trailing LF: a truncated shard if it does not parse (judged by the line's reader).
                var last = Emit(buffer, length, length);
                last.EndsWithUnterminatedLine = true;
                return last;
            }

            length += read;
            if (_atStart)
            {
                // The first read may return fewer than 3 bytes (the peeked gzip magic): decide once 3 are in.
                if (length < 3)
                {
                    continue;
                }

                _atStart = false;
                searchFrom = 0;
                if ((buffer[0] == 0xFF && buffer[1] == 0xFE) || (buffer[0] == 0xFE && buffer[1] == 0xFF))
                {
                    // Every line would fail as invalid UTF-8; one clear reason is worth more than thousands.
                    ArrayPool<byte>.Shared.Return(buffer);
                    _finished = true;
                    return ReadError("shard is UTF-16 (it starts with a UTF-16 byte order mark); convert it to UTF-8");
                }

                if (buffer[0] == 0xEF && buffer[1] == 0xBB && buffer[2] == 0xBF)
                {
                    buffer.AsSpan(3, length - 3).CopyTo(buffer);
                    length -= 3;
                }
            }

            int lastLf = buffer.AsSpan(searchFrom, length - searchFrom).LastIndexOf((byte)'\n');
            if (lastLf >= 0)
            {
                return Emit(buffer, length, searchFrom + lastLf + 1);
            }

            if (length < buffer.Length)
            {
                continue;
            }

            // No LF in a full buffer: the line in progress is longer than the buffer.
            if (length > _maxLineBytes)
            {
                ArrayPool<byte>.Shared.Return(buffer);
                return await SkipOversizeLineAsync(length, cancellationToken).ConfigureAwait(false);
            }

            byte[] larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, _maxLineBytes + 2));
            buffer.AsSpan(0, length).CopyTo(larger);
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = larger;
        }
    }

    public void Dispose()
    {
        if (_carry is not null)
        {
            ArrayPool<byte>.Shared.Return(_carry);
            _carry = null;
        }

        _content?.Dispose();
        _raw.Dispose();
    }

    private LineChunk Emit(byte[] buffer, int length, int blockLength)
    {
        int rest = length - blockLength;
        if (rest > 0)
        {
            _carry = ArrayPool<byte>.Shared.Rent(Math.Max(rest, 4096));
            buffer.AsSpan(blockLength, rest).CopyTo(_carry);
            _carryLength = rest;
        }

        var span = buffer.AsSpan(0, blockLength);
        int recorded = LineEndFinder.Find(span, out int[]? lineEnds, out long lines);
        if (blockLength > 0 && span[^1] != (byte)'\n')
        {
            lines++;
        }

        var chunk = LineChunk.ForBlock(buffer, blockLength, _nextLine, lines, RawBytesConsumed, lineEnds, recorded);
        _nextLine += lines;
        return chunk;
    }

    private async ValueTask<LineChunk> SkipOversizeLineAsync(long seen, CancellationToken cancellationToken)
    {
        long lineNumber = _nextLine;
        byte[] scratch = ArrayPool<byte>.Shared.Rent(1 << 16);
        try
        {
            while (true)
            {
                int read;
                try
                {
                    read = await ReadAsync(_content!, scratch, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is InvalidDataException or ShardIntegrityException)
                {
                    // Report the oversize line first, then the shard's problem as the next chunk.
                    read = 0;
                    _pendingError = Describe(ex);
                }

                _decompressedBytes += read;
                if (read == 0)
                {
                    _finished = true;
                    break;
                }

                int lf = scratch.AsSpan(0, read).IndexOf((byte)'\n');
                if (lf >= 0)
                {
                    seen += lf;
                    int rest = read - lf - 1;
                    if (rest > 0)
                    {
                        _carry = ArrayPool<byte>.Shared.Rent(Math.Max(rest, 4096));
                        scratch.AsSpan(lf + 1, rest).CopyTo(_carry);
                        _carryLength = rest;
                    }

                    break;
                }

                seen += read;
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(scratch);
        }

        _nextLine++;
        return new LineChunk { Kind = LineChunkKind.OversizeLine, FirstLineNumber = lineNumber, OversizeBytes = seen, RawBytesConsumed = RawBytesConsumed };
    }

    private LineChunk ReadError(string error) =>
        new() { Kind = LineChunkKind.ReadError, FirstLineNumber = _nextLine, Error = error, RawBytesConsumed = RawBytesConsumed };

    private string Describe(Exception ex) =>
        ex is ShardIntegrityException
            ? ex.Message
            : $"shard content is unreadable from here on ({(IsGzip ? "corrupt gzip" : "invalid data")}: {ex.Message})";

    private ValueTask<int> ReadAsync(Stream stream, Memory<byte> buffer, CancellationToken cancellationToken) =>
        _synchronous ? new ValueTask<int>(stream.Read(buffer.Span)) : stream.ReadAsync(buffer, cancellationToken);

    private async ValueTask<Stream> OpenContentAsync(CancellationToken cancellationToken)
    {
        var magic = new byte[2];
        int got = 0;
        while (got < 2)
        {
            int n = await ReadAsync(_raw, magic.AsMemory(got), cancellationToken).ConfigureAwait(false);
            if (n == 0)
            {
                break;
            }

            got += n;
        }

        var content = new PrefixedStream(magic, got, _raw);
        if (got == 2 && magic[0] == 0x1F && magic[1] == 0x8B)
        {
            IsGzip = true;
            return new VerifiedGzipStream(content);
        }

        return content;
    }
}
