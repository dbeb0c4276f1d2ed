using System.IO.Compression;

namespace QwenLogFunctions.Core.Parsing.Dialects;

/// <summary>
/// Reads a <c>.json</c> shard (one JSON document per file, as LiteLLM's blob and bucket loggers write them) as a single
/// line: line breaks are JSON whitespace outside strings and cannot occur inside them, so turning CR and LF into spaces
/// keeps the document's meaning and lets a pretty-printed object go through the line reader as one request.
/// A gzip-compressed file is decompressed first.
/// </summary>
public sealed class SingleDocumentStream : ForwardOnlyReadStream
{
    private Stream _inner;
    private bool _started;

    private SingleDocumentStream(Stream inner) => _inner = inner;

    /// <summary>Whether a shard with this name is one JSON document (.json, .json.gz) rather than JSON Lines.</summary>
    public static bool IsSingleDocumentName(string name) =>
        name.EndsWith(".json", StringComparison.OrdinalIgnoreCase) || name.EndsWith(".json.gz", StringComparison.OrdinalIgnoreCase);

    /// <summary>Wraps <paramref name="raw"/> when <paramref name="shardName"/> is a single-document name; returns it unchanged otherwise.</summary>
    public static Stream ForShard(Stream raw, string shardName)
    {
        ArgumentNullException.ThrowIfNull(raw);
        ArgumentNullException.ThrowIfNull(shardName);
        return IsSingleDocumentName(shardName) ? new SingleDocumentStream(raw) : raw;
    }

    /// <inheritdoc />
    public override int Read(Span<byte> buffer)
    {
        if (!_started)
        {
            Span<byte> magic = stackalloc byte[2];
            int got = 0;
            while (got < 2 && _inner.Read(magic[got..]) is > 0 and var n)
            {
                got += n;
            }

            Start(magic[..got].ToArray());
        }

        int read = _inner.Read(buffer);
        Fold(buffer[..read]);
        return read;
    }

    /// <inheritdoc />
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (!_started)
        {
            byte[] magic = new byte[2];
            int got = 0;
            while (got < 2 && await _inner.ReadAsync(magic.AsMemory(got), cancellationToken).ConfigureAwait(false) is > 0 and var n)
            {
                got += n;
            }

            Start(magic[..got]);
        }

        int read = await _inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false);
        Fold(buffer.Span[..read]);
        return read;
    }

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            _inner.Dispose();
        }

        base.Dispose(disposing);
    }

    private void Start(byte[] magic)
    {
        _started = true;
        Stream content = new PrefixedStream(magic, magic.Length, _inner);
        _inner = magic is [0x1f, 0x8b] ? new GZipStream(content, CompressionMode.Decompress) : content;
    }

    private static void Fold(Span<byte> bytes)
    {
        int index;
        while ((index = bytes.IndexOfAny((byte)'\n', (byte)'\r')) >= 0)
        {
            bytes[index] = (byte)' ';
            bytes = bytes[(index + 1)..];
        }
    }
}
