using System.Runtime.Intrinsics;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// A property name as a line writes it, quotes included (no escapes), for
/// <see cref="JsonLineScanner.TryReadPropertyNamed(QuotedName)"/>: the bytes, and for names of up to 32 bytes the same
/// bytes in a vector with a mask of the positions that count, so one load and one comparison test the whole name.
/// </summary>
/// <remarks>
/// Why: a span comparison of the name's varying length was a call and a loop per property name, some fifteen names a
/// line (the comparison and its caller were about 3% of one-thread analyze CPU).
/// </remarks>
internal sealed class QuotedName
{
    /// <param name="utf8">The name's bytes without quotes.</param>
    public QuotedName(ReadOnlySpan<byte> utf8)
    {
        Bytes = [(byte)'"', .. utf8, (byte)'"'];
        (Vector, Mask, FitsInVector) = Padded(Bytes);

        // The name after the separator before it and followed by its colon: ", \"name\":" as Python's json.dumps writes
        // it, ",\"name\":" as compact writers do (JSON.stringify, Go, serde).
        (Spaced, SpacedMask, SpacedFitsInVector) = Padded([(byte)',', (byte)' ', .. Bytes, (byte)':']);
        (Compact, CompactMask, CompactFitsInVector) = Padded([(byte)',', .. Bytes, (byte)':']);
    }

    // The bytes zero-padded to 32 in a vector, with bit i of the mask set for each of their positions; nothing when longer.
    private static (Vector256<byte> Vector, uint Mask, bool Fits) Padded(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length > Vector256<byte>.Count)
        {
            return default;
        }

        Span<byte> padded = stackalloc byte[Vector256<byte>.Count];
        padded.Clear();
        bytes.CopyTo(padded);
        return (Vector256.Create((ReadOnlySpan<byte>)padded), bytes.Length == Vector256<byte>.Count ? uint.MaxValue : (1u << bytes.Length) - 1, true);
    }

    /// <summary>The name between its quotes, quotes included.</summary>
    public byte[] Bytes { get; }

    /// <summary>The bytes, zero-padded to 32 (when <see cref="FitsInVector"/>).</summary>
    public Vector256<byte> Vector { get; }

    /// <summary>Bit i set for each of the <see cref="Bytes"/>' positions i (when <see cref="FitsInVector"/>).</summary>
    public uint Mask { get; }

    /// <summary>Whether the name with its quotes is at most 32 bytes.</summary>
    public bool FitsInVector { get; }

    /// <summary>", \"name\":" zero-padded to 32 bytes (when <see cref="SpacedFitsInVector"/>), and the mask of its positions.</summary>
    public Vector256<byte> Spaced { get; }

    /// <summary>Bit i set for each position of ", \"name\":".</summary>
    public uint SpacedMask { get; }

    /// <summary>Whether ", \"name\":" is at most 32 bytes.</summary>
    public bool SpacedFitsInVector { get; }

    /// <summary>",\"name\":" zero-padded to 32 bytes (when <see cref="CompactFitsInVector"/>), and the mask of its positions.</summary>
    public Vector256<byte> Compact { get; }

    /// <summary>Bit i set for each position of ",\"name\":".</summary>
    public uint CompactMask { get; }

    /// <summary>Whether ",\"name\":" is at most 32 bytes.</summary>
    public bool CompactFitsInVector { get; }
}
