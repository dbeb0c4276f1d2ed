using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Finds where a JSON string's plain run ends: the next quote, backslash or control character (below 0x20).
/// Shared by the line scanner and the JSON validity check.
/// </summary>
/// <remarks>
/// Three vector comparisons per 32 bytes instead of <see cref="System.Buffers.SearchValues{T}"/> over 34 values,
/// whose general ASCII searcher was 7% of analyze CPU on long model outputs.
/// </remarks>
internal static class JsonStringStops
{
    /// <summary>Index of the first quote, backslash or control character, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<byte> span)
    {
        ref byte start = ref MemoryMarshal.GetReference(span);
        int i = 0;
        if (Vector256.IsHardwareAccelerated && span.Length >= Vector256<byte>.Count)
        {
            var quote = Vector256.Create((byte)'"');
            var backslash = Vector256.Create((byte)'\\');
            var control = Vector256.Create((byte)0x20);
            int last = span.Length - Vector256<byte>.Count;
            for (; i <= last; i += Vector256<byte>.Count)
            {
                var block = Vector256.LoadUnsafe(ref start, (nuint)i);
                var hits = Vector256.Equals(block, quote) | Vector256.Equals(block, backslash) | Vector256.LessThan(block, control);
                if (hits != Vector256<byte>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(hits.ExtractMostSignificantBits());
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated && span.Length >= Vector128<byte>.Count)
        {
            var quote = Vector128.Create((byte)'"');
            var backslash = Vector128.Create((byte)'\\');
            var control = Vector128.Create((byte)0x20);
            int last = span.Length - Vector128<byte>.Count;
            for (; i <= last; i += Vector128<byte>.Count)
            {
                var block = Vector128.LoadUnsafe(ref start, (nuint)i);
                var hits = Vector128.Equals(block, quote) | Vector128.Equals(block, backslash) | Vector128.LessThan(block, control);
                if (hits != Vector128<byte>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(hits.ExtractMostSignificantBits());
                }
            }
        }

        for (; i < span.Length; i++)
        {
            byte b = Unsafe.Add(ref start, i);
            if (b == (byte)'"' || b == (byte)'\\' || b < 0x20)
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>Index of the first quote, backslash or control character in UTF-16 text, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<char> span)
    {
        ref ushort start = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(span));
        int i = 0;
        if (Vector256.IsHardwareAccelerated && span.Length >= Vector256<ushort>.Count)
        {
            var quote = Vector256.Create((ushort)'"');
            var backslash = Vector256.Create((ushort)'\\');
            var control = Vector256.Create((ushort)0x20);
            int last = span.Length - Vector256<ushort>.Count;
            for (; i <= last; i += Vector256<ushort>.Count)
            {
                var block = Vector256.LoadUnsafe(ref start, (nuint)i);
                var hits = Vector256.Equals(block, quote) | Vector256.Equals(block, backslash) | Vector256.LessThan(block, control);
                if (hits != Vector256<ushort>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(hits.ExtractMostSignificantBits());
                }
            }
        }

        for (; i < span.Length; i++)
        {
            ushort c = Unsafe.Add(ref start, i);
            if (c == '"' || c == '\\' || c < 0x20)
            {
                return i;
            }
        }

        return -1;
    }
}
