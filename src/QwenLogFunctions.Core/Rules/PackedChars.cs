using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QwenLogFunctions.Core.Rules;

/// <summary>The vector step the scanners of ASCII characters share: 32 UTF-16 characters as 32 bytes.</summary>
internal static class PackedChars
{
    /// <summary>Characters per step.</summary>
    public const int Count = 32;

    /// <summary>
    /// The 32 characters from <paramref name="start"/> as bytes, in order: packing interleaves the two loads by lane
    /// and the permute undoes it. Saturation turns every character above 0xFF into 0xFF (or 0, from 0x8000 up), which
    /// no ASCII search accepts, where truncation would turn U+4E2D into '-'. AVX2 only.
    /// </summary>
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static Vector256<byte> Load(ref short chars, int start)
    {
        var packed = Avx2.PackUnsignedSaturate(Vector256.LoadUnsafe(ref chars, (nuint)start), Vector256.LoadUnsafe(ref chars, (nuint)(start + Vector256<short>.Count)));
        return Avx2.Permute4x64(packed.AsInt64(), 0b_11_01_10_00).AsByte();
    }
}
