using System.Buffers.Binary;
using System.Globalization;
using System.IO.Compression;
using System.IO.Hashing;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Decompresses gzip (one member or several concatenated) and proves that the stream is whole: every member must end
/// with the trailer (CRC-32 and length, RFC 1952) of exactly the bytes it produced. Throws
/// <see cref="ShardIntegrityException"/> when the stream ends before a trailer (an upload cut short), when a trailer
/// does not match the data, and when the compressed data is damaged.
/// </summary>
/// <remarks>
/// <para>
/// zlib (behind <see cref="GZipStream"/>) checks each member's trailer and its compressed structure, but .NET returns
/// a stream that simply stops early as if it were complete (unless a process-wide switch is set before first use, which
/// a library cannot rely on). So this class computes the CRC-32 and length of each member's output itself
/// (<see cref="Crc32"/>, vectorized: a small fraction of the inflate cost) and, at the end, requires that the last
/// member's trailer was read. A member ends where its trailer (its CRC-32 and length, 8 bytes) appears in the
/// compressed bytes read for it; a chance match is a 2^-64 event.
/// </para>
/// <para>
/// The last 8 compressed bytes are held back from zlib until the source is exhausted, so the final member's data are
/// all decoded and returned before zlib sees its trailer: a CRC or length mismatch loses no line and can be reported
/// with both values. Damage that still decodes (a flipped literal) is only detectable by that CRC, at the member's
/// end; the lines decoded from it have been returned by then (documented in docs/cli.md).
/// </para>
/// </remarks>
internal sealed class VerifiedGzipStream : ForwardOnlyReadStream
{
    private readonly TrailerHoldbackStream _source;
    private readonly GZipStream _gzip;
    private readonly Crc32 _crc = new();
    private long _memberLength;
    private int _completedMembers;
    private bool _finished;

    public VerifiedGzipStream(Stream compressed)
    {
        _source = new TrailerHoldbackStream(compressed);
        _gzip = new GZipStream(_source, CompressionMode.Decompress);
    }

    /// <summary>Compressed bytes consumed so far.</summary>
    public long CompressedBytesRead => _source.Served;

    public override int Read(Span<byte> buffer)
    {
        if (_finished || buffer.IsEmpty)
        {
            return 0;
        }

        int read;
        try
        {
            read = _gzip.Read(buffer);
        }
        catch (InvalidDataException ex)
        {
            throw Damaged(ex);
        }

        Account(buffer[..read]);
        return read;
    }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (_finished || buffer.IsEmpty)
        {
            return 0;
        }

        int read;
        try
        {
            read = await _gzip.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        }
        catch (InvalidDataException ex)
        {
            throw Damaged(ex);
        }

        Account(buffer.Span[..read]);
        return read;
    }

    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _gzip.Dispose();
            _source.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Account(ReadOnlySpan<byte> output)
    {
        if (output.IsEmpty)
        {
            // The end: the last member must have been closed by its trailer, which is now among the bytes read.
            if ((_memberLength > 0 || _completedMembers == 0) && !TrailerSeen())
            {
                throw new ShardIntegrityException(string.Create(
                    CultureInfo.InvariantCulture,
                    $"shard is truncated: gzip stream ended after {_source.Served} bytes without its trailer ({_memberLength} bytes decompressed from its last member; the upload or copy was probably cut short)"));
            }

            _finished = true;
            return;
        }

        // One read never returns bytes of two members, but the trailer of the previous one may have been read now.
        if (_memberLength > 0 && TrailerSeen())
        {
            EndMember();
        }

        _crc.Append(output);
        _memberLength += output.Length;
        if (TrailerSeen())
        {
            EndMember();
        }

        _source.ForgetSearched();
    }

    private bool TrailerSeen()
    {
        Span<byte> trailer = stackalloc byte[8];
        BinaryPrimitives.WriteUInt32LittleEndian(trailer, _crc.GetCurrentHashAsUInt32());
        BinaryPrimitives.WriteUInt32LittleEndian(trailer[4..], unchecked((uint)_memberLength));
        return _source.Unsearched.IndexOf(trailer) >= 0;
    }

    private void EndMember()
    {
        _completedMembers++;
        _memberLength = 0;
        _crc.Reset();
        _source.ForgetSearched();
    }

    private ShardIntegrityException Damaged(InvalidDataException inner)
    {
        // zlib judged the trailer that was held back (and is now the only unread part) against data that were all
        // returned: say which field is wrong, with both values.
        if (_source.Exhausted && _source.LastEight is { } trailer)
        {
            uint storedCrc = BinaryPrimitives.ReadUInt32LittleEndian(trailer);
            uint storedLength = BinaryPrimitives.ReadUInt32LittleEndian(trailer.AsSpan(4));
            uint crc = _crc.GetCurrentHashAsUInt32();
            uint length = unchecked((uint)_memberLength);
            if (storedLength == length && storedCrc != crc)
            {
                return new ShardIntegrityException(
                    string.Create(CultureInfo.InvariantCulture, $"gzip CRC mismatch (trailer CRC-32 {storedCrc:x8}, data CRC-32 {crc:x8}, {length} bytes): the shard is damaged"), inner);
            }

            if (storedCrc == crc && storedLength != length)
            {
                return new ShardIntegrityException(
                    string.Create(CultureInfo.InvariantCulture, $"gzip length mismatch (the trailer says {storedLength} bytes mod 2^32, the data have {length}): the shard is damaged"), inner);
            }
        }

        return new ShardIntegrityException(
            string.Create(CultureInfo.InvariantCulture, $"corrupt gzip: the compressed data are damaged at or before compressed byte {_source.Served}; nothing after it can be read"), inner);
    }

    /// <summary>
    /// Feeds zlib the compressed bytes, always keeping the last 8 read back until the source is exhausted, and keeps the
    /// bytes handed out since the last trailer search (plus 7 before them, for a trailer split across reads).
    /// </summary>
    private sealed class TrailerHoldbackStream(Stream inner) : ForwardOnlyReadStream
    {
        private const int Hold = 8;
        private readonly byte[] _buffer = new byte[1 << 16];
        private int _start;
        private int _end;
        private bool _innerDone;
        private byte[] _recent = new byte[1 << 15];
        private int _recentLength;

        public long Served { get; private set; }

        public bool Exhausted => _innerDone && _start == _end;

        /// <summary>The last 8 compressed bytes, once the source is exhausted (null for shorter streams).</summary>
        public byte[]? LastEight { get; private set; }

        public ReadOnlySpan<byte> Unsearched => _recent.AsSpan(0, _recentLength);

        public void ForgetSearched()
        {
            int keep = Math.Min(_recentLength, Hold - 1);
            _recent.AsSpan(_recentLength - keep, keep).CopyTo(_recent);
            _recentLength = keep;
        }

        public override int Read(Span<byte> destination)
        {
            while (!_innerDone && _end - _start <= Hold)
            {
                Compact();
                int n = inner.Read(_buffer.AsSpan(_end));
                Received(n);
            }

            return Serve(destination);
        }

        public override async ValueTask<int> ReadAsync(Memory<byte> destination, CancellationToken cancellationToken = default)
        {
            while (!_innerDone && _end - _start <= Hold)
            {
                Compact();
                int n = await inner.ReadAsync(_buffer.AsMemory(_end), cancellationToken).ConfigureAwait(false);
                Received(n);
            }

            return Serve(destination.Span);
        }

        protected override void Dispose(bool disposing)
        {
            if (disposing)
            {
                inner.Dispose();
            }

            base.Dispose(disposing);
        }

        private void Compact()
        {
            if (_start > 0)
            {
                _buffer.AsSpan(_start, _end - _start).CopyTo(_buffer);
                _end -= _start;
                _start = 0;
            }
        }

        private void Received(int n)
        {
            if (n == 0)
            {
                _innerDone = true;
                if (_end - _start >= Hold)
                {
                    LastEight = _buffer.AsSpan(_end - Hold, Hold).ToArray();
                }

                return;
            }

            _end += n;
        }

        private int Serve(Span<byte> destination)
        {
            int available = _innerDone ? _end - _start : _end - _start - Hold;
            int n = Math.Min(available, destination.Length);
            if (n <= 0)
            {
                return 0;
            }

            var served = _buffer.AsSpan(_start, n);
            served.CopyTo(destination);
            Remember(served);
            _start += n;
            Served += n;
            return n;
        }

        private void Remember(ReadOnlySpan<byte> served)
        {
            if (_recentLength + served.Length > _recent.Length)
            {
                Array.Resize(ref _recent, Math.Max(_recent.Length * 2, _recentLength + served.Length));
            }

            served.CopyTo(_recent.AsSpan(_recentLength));
            _recentLength += served.Length;
        }
    }
}

/// <summary>A problem with a shard as a whole (cut short, failed checksum, damaged compression), not with one line.</summary>
public sealed class ShardIntegrityException : IOException
{
    /// <summary>Creates the exception.</summary>
    public ShardIntegrityException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with its cause.</summary>
    public ShardIntegrityException(string message, Exception innerException)
        : base(message, innerException)
    {
    }

    /// <summary>Creates the exception.</summary>
    public ShardIntegrityException()
    {
    }
}
