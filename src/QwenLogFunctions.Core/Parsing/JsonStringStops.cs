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
    /// <summary>Index of the first quote, backslash or control character in UTF-8 text, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<byte> span) => IndexOf<byte>(span);

    /// <summary>Index of the first quote, backslash or control character in UTF-16 text, or -1.</summary>
    public static int IndexOf(ReadOnlySpan<char> span) => IndexOf(MemoryMarshal.Cast<char, ushort>(span));

    /// <summary>
    /// Index of the first quote, backslash or control character, or -1, in UTF-8 bytes or UTF-16 code units (T is
    /// byte or ushort; the compiler makes a copy for each).
    /// </summary>
    internal static int IndexOf<T>(ReadOnlySpan<T> span)
        where T : unmanaged, IBinaryInteger<T>
    {
        ref T start = ref MemoryMarshal.GetReference(span);
        T quoteUnit = T.CreateTruncating('"'), backslashUnit = T.CreateTruncating('\\'), controlLimit = T.CreateTruncating(0x20);
        int i = 0;
        if (Vector256.IsHardwareAccelerated && span.Length >= Vector256<T>.Count)
        {
            var quote = Vector256.Create(quoteUnit);
            var backslash = Vector256.Create(backslashUnit);
            var control = Vector256.Create(controlLimit);
            int last = span.Length - Vector256<T>.Count;
            for (; i <= last; i += Vector256<T>.Count)
            {
                var block = Vector256.LoadUnsafe(ref start, (nuint)i);
                var hits = Vector256.Equals(block, quote) | Vector256.Equals(block, backslash) | Vector256.LessThan(block, control);
                if (hits != Vector256<T>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(hits.ExtractMostSignificantBits());
                }
            }
        }
        else if (Vector128.IsHardwareAccelerated && span.Length >= Vector128<T>.Count)
        {
            var quote = Vector128.Create(quoteUnit);
            var backslash = Vector128.Create(backslashUnit);
            var control = Vector128.Create(controlLimit);
            int last = span.Length - Vector128<T>.Count;
            for (; i <= last; i += Vector128<T>.Count)
            {
                var block = Vector128.LoadUnsafe(ref start, (nuint)i);
                var hits = Vector128.Equals(block, quote) | Vector128.Equals(block, backslash) | Vector128.LessThan(block, control);
                if (hits != Vector128<T>.Zero)
                {
                    return i + BitOperations.TrailingZeroCount(hits.ExtractMostSignificantBits());
                }
            }
        }

        for (; i < span.Length; i++)
        {
            T unit = Unsafe.Add(ref start, i);
            if (unit == quoteUnit || unit == backslashUnit || unit < controlLimit)
            {
                return i;
            }
        }

        return -1;
    }
}
