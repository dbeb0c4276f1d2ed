using System.Buffers;
using System.Numerics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// The offsets of the LFs of a block, found in one pass when the block is read, so that the worker that parses it
/// cuts lines at them instead of searching each line for its LF again (the reader must count the LFs anyway, to
/// number the next block's lines: counting and the per-line searches were two passes over every byte).
/// </summary>
internal static class LineEndFinder
{
    /// <summary>Offsets recorded per block at most (256 KiB of them); LFs past these are counted only, and found by searching.</summary>
    public const int MaxRecorded = 1 << 16;

    private const int FirstCapacity = 1024;

    /// <summary>
    /// Records the offsets of the first LFs of <paramref name="block"/> (up to <see cref="MaxRecorded"/>) in an array
    /// from the pool, returned in <paramref name="ends"/> (null when the block has none), and returns how many there
    /// are in all in <paramref name="total"/>; the return value is how many were recorded.
    /// </summary>
    public static int Find(ReadOnlySpan<byte> block, out int[]? ends, out long total)
    {
        ends = null;
        int count = 0;
        int i = 0;
        if (Vector256.IsHardwareAccelerated)
        {
            var lf = Vector256.Create((byte)'\n');
            ref byte start = ref MemoryMarshal.GetReference(block);
            for (; i <= block.Length - Vector256<byte>.Count; i += Vector256<byte>.Count)
            {
                // Two vectors a step while neither holds an LF (a line is some 2 KB, one LF per 70 vectors): one test
                // and one branch per 64 bytes instead of per 32.
                while (i <= block.Length - (2 * Vector256<byte>.Count)
                    && (Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i), lf) | Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)(i + Vector256<byte>.Count)), lf)) == Vector256<byte>.Zero)
                {
                    i += 2 * Vector256<byte>.Count;
                }

                if (i > block.Length - Vector256<byte>.Count)
                {
                    break;
                }

                uint mask = Vector256.Equals(Vector256.LoadUnsafe(ref start, (nuint)i), lf).ExtractMostSignificantBits();
                while (mask != 0)
                {
                    int at = i + BitOperations.TrailingZeroCount(mask);
                    if (!Record(ref ends, ref count, at))
                    {
                        total = count + block[at..].Count((byte)'\n');
                        return count;
                    }

                    mask &= mask - 1;
                }
            }
        }

        while (i < block.Length)
        {
            int offset = block[i..].IndexOf((byte)'\n');
            if (offset < 0)
            {
                break;
            }

            int at = i + offset;
            if (!Record(ref ends, ref count, at))
            {
                total = count + block[at..].Count((byte)'\n');
                return count;
            }

            i = at + 1;
        }

        total = count;
        return count;
    }

    /// <summary>Appends an offset, growing the array from the pool; false when <see cref="MaxRecorded"/> are already recorded.</summary>
    private static bool Record(ref int[]? ends, ref int count, int offset)
    {
        if (ends is null || count == ends.Length)
        {
            if (count == MaxRecorded)
            {
                return false;
            }

            int[] larger = ArrayPool<int>.Shared.Rent(ends is null ? FirstCapacity : Math.Min(ends.Length * 2, MaxRecorded));
            if (ends is not null)
            {
                ends.AsSpan(0, count).CopyTo(larger);
                ArrayPool<int>.Shared.Return(ends);
            }

            ends = larger;
        }

        ends[count++] = offset;
        return true;
    }
}
