using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Finds the next character of a set in UTF-16 text, 32 characters a vector step: each character's four nibbles look
/// up which of eight buckets of the set accept them (the Teddy idea, over the nibbles of one character instead of the
/// bytes of three), and the few positions that pass are checked against an exact table of the set, in the loop.
/// </summary>
/// <remarks>
/// <para>Why not <see cref="System.Buffers.SearchValues{T}"/> of the characters: for a set of Chinese characters of any
/// size beyond five it builds a probabilistic map keyed by each character's two bytes separately, which Chinese text
/// passes at several percent of its positions; each of those is confirmed inside the search and each real member
/// returns from it, so a search started again after every anchor of the injection triggers' Chinese keywords (理 of
/// 理会 in every 处理, 模 of 开发者模式 in every 模型) cost more than the pass itself. With all four nibbles in one bucket
/// a character passes by chance far less often, and a member costs a return and a new step, not a new search.</para>
/// <para>Processors without AVX2 take the framework's search.</para>
/// </remarks>
internal sealed class CharSetSearch
{
    private const int Buckets = 8;

    // Characters per vector step.
    private const int StepChars = 32;

    private readonly System.Buffers.SearchValues<char> _fallback;

    // Bit c of the set, for every UTF-16 code unit (8 KB): the exact check of a position that passed the buckets.
    private readonly ulong[] _members = new ulong[65536 / 64];

    // Per nibble of a character (bits 0-3, 4-7, 8-11, 12-15): the buckets accepting each of its 16 values, repeated in
    // both lanes for the in-lane byte shuffle.
    private readonly Vector256<byte> _nibble0, _nibble1, _nibble2, _nibble3;

    // Up to this many characters the framework's search compares each one directly, which no bucket search beats.
    private const int FrameworkMaxChars = 5;

    private readonly bool _small;

    /// <summary>Compiles the set: at least one character.</summary>
    public CharSetSearch(IReadOnlyCollection<char> chars)
    {
        ArgumentNullException.ThrowIfNull(chars);
        if (chars.Count == 0)
        {
            throw new ArgumentException("the set needs at least one character", nameof(chars));
        }

        _fallback = System.Buffers.SearchValues.Create([.. chars]);
        _small = chars.Distinct().Count() <= FrameworkMaxChars;
        foreach (char c in chars)
        {
            _members[c >> 6] |= 1UL << c;
        }

        var tables = new byte[4][];
        for (int n = 0; n < 4; n++)
        {
            tables[n] = new byte[16];
        }

        var buckets = AssignBuckets([.. chars.Distinct().Order()]);
        for (int b = 0; b < buckets.Count; b++)
        {
            foreach (char c in buckets[b])
            {
                for (int n = 0; n < 4; n++)
                {
                    tables[n][(c >> (4 * n)) & 0xF] |= (byte)(1 << b);
                }
            }
        }

        _nibble0 = Vector256.Create(Vector128.Create(tables[0]), Vector128.Create(tables[0]));
        _nibble1 = Vector256.Create(Vector128.Create(tables[1]), Vector128.Create(tables[1]));
        _nibble2 = Vector256.Create(Vector128.Create(tables[2]), Vector128.Create(tables[2]));
        _nibble3 = Vector256.Create(Vector128.Create(tables[3]), Vector128.Create(tables[3]));
    }

    /// <summary>Whether the vector steps run on this processor (otherwise the framework's search does).</summary>
    public static bool IsVectorized => Avx2.IsSupported;

    /// <summary>Whether <paramref name="c"/> is in the set.</summary>
    public bool Contains(char c) => (_members[c >> 6] & (1UL << c)) != 0;

    /// <summary>
    /// The index of the first character of the set at or after <paramref name="from"/>, or -1. A set of at most five
    /// characters is left to the framework's search.
    /// </summary>
    public int IndexOfAny(ReadOnlySpan<char> text, int from) => IndexOfAny(text, from, IsVectorized && !_small);

    /// <summary>As <see cref="IndexOfAny(ReadOnlySpan{char}, int)"/>, with or without the vector steps (for tests that both agree).</summary>
    internal int IndexOfAny(ReadOnlySpan<char> text, int from, bool vectorized)
    {
        if (!vectorized)
        {
            int found = text[from..].IndexOfAny(_fallback);
            return found < 0 ? -1 : from + found;
        }

        int i = from;
        for (; i + StepChars <= text.Length; i += StepChars)
        {
            uint candidates = Candidates(text, i);
            while (candidates != 0)
            {
                int at = i + BitOperations.TrailingZeroCount(candidates);
                if (Contains(text[at]))
                {
                    return at;
                }

                candidates &= candidates - 1;
            }
        }

        if (i < text.Length)
        {
            if (text.Length >= StepChars)
            {
                // The rest by one more step that ends at the text's end, without the positions already looked at.
                int last = text.Length - StepChars;
                uint candidates = Candidates(text, last) >> (i - last) << (i - last);
                while (candidates != 0)
                {
                    int at = last + BitOperations.TrailingZeroCount(candidates);
                    if (Contains(text[at]))
                    {
                        return at;
                    }

                    candidates &= candidates - 1;
                }
            }
            else
            {
                for (; i < text.Length; i++)
                {
                    if (Contains(text[i]))
                    {
                        return i;
                    }
                }
            }
        }

        return -1;
    }

    // Bit k: character start + k passes the buckets (every member does). Low and high bytes of the 32 characters are
    // packed apart (both packs interleave the two loads by lane alike, and the permute at the end undoes it for the
    // mask), and each nibble looks up its buckets.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private uint Candidates(ReadOnlySpan<char> text, int start)
    {
        ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var first = Vector256.LoadUnsafe(ref chars, (nuint)start);
        var second = Vector256.LoadUnsafe(ref chars, (nuint)(start + 16));
        var lowByte = Vector256.Create((ushort)0xFF);
        var nibble = Vector256.Create((byte)0xF);
        var low = Avx2.PackUnsignedSaturate((first & lowByte).AsInt16(), (second & lowByte).AsInt16());
        var high = Avx2.PackUnsignedSaturate(Vector256.ShiftRightLogical(first, 8).AsInt16(), Vector256.ShiftRightLogical(second, 8).AsInt16());
        var accepted = Avx2.Shuffle(_nibble0, low & nibble)
            & Avx2.Shuffle(_nibble1, Vector256.ShiftRightLogical(low.AsUInt16(), 4).AsByte() & nibble)
            & Avx2.Shuffle(_nibble2, high & nibble)
            & Avx2.Shuffle(_nibble3, Vector256.ShiftRightLogical(high.AsUInt16(), 4).AsByte() & nibble);
        var ordered = Avx2.Permute4x64(accepted.AsInt64(), 0b_11_01_10_00).AsByte();
        return ~Vector256.Equals(ordered, Vector256<byte>.Zero).ExtractMostSignificantBits();
    }

    /// <summary>
    /// Puts the characters in at most eight buckets: a character passes a bucket when each of its nibbles is one that
    /// some character of the bucket has there. Starting from one bucket per character, the two whose merge adds the
    /// least to the chance that a character passes (nibbles taken as equally likely) are merged until eight remain,
    /// so characters that share nibbles (neighbours in a Unicode block) share buckets.
    /// </summary>
    private static List<List<char>> AssignBuckets(char[] chars)
    {
        // One group per character; for a large set (a user's keyword list), one per 256-character block to start with,
        // so that the merging below stays quick.
        var groups = chars.Length <= 64
            ? chars.Select(c => (Chars: new List<char> { c }, Masks: Masks(c))).ToList()
            : [.. chars.GroupBy(c => c >> 8).Select(block => (Chars: block.ToList(), Masks: block.Select(Masks).Aggregate(Or)))];
        while (groups.Count > Buckets)
        {
            (int A, int B, double Cost) best = (0, 1, double.MaxValue);
            for (int a = 0; a < groups.Count; a++)
            {
                for (int b = a + 1; b < groups.Count; b++)
                {
                    double cost = Chance(Or(groups[a].Masks, groups[b].Masks)) - Chance(groups[a].Masks) - Chance(groups[b].Masks);
                    if (cost < best.Cost)
                    {
                        best = (a, b, cost);
                    }
                }
            }

            groups[best.A] = ([.. groups[best.A].Chars, .. groups[best.B].Chars], Or(groups[best.A].Masks, groups[best.B].Masks));
            groups.RemoveAt(best.B);
        }

        return [.. groups.Select(group => group.Chars)];

        static (int, int, int, int) Masks(char c) => (1 << (c & 0xF), 1 << ((c >> 4) & 0xF), 1 << ((c >> 8) & 0xF), 1 << (c >> 12));

        static (int, int, int, int) Or((int, int, int, int) x, (int, int, int, int) y) => (x.Item1 | y.Item1, x.Item2 | y.Item2, x.Item3 | y.Item3, x.Item4 | y.Item4);

        static double Chance((int, int, int, int) masks) =>
            BitOperations.PopCount((uint)masks.Item1) * BitOperations.PopCount((uint)masks.Item2)
            * BitOperations.PopCount((uint)masks.Item3) * BitOperations.PopCount((uint)masks.Item4) / 65536.0;
    }
}
