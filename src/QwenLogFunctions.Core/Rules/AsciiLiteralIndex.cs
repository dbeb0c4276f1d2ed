using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Marks which of a set of ASCII literals occur in a text, in one pass: each position's next three characters are
/// hashed into a 4 KB filter of the literals' first three, and only the positions that pass are compared.
/// </summary>
/// <remarks>
/// <para>Why not <see cref="System.Buffers.SearchValues{T}"/> of strings: with more than 80 literals, or any of one
/// character, it falls back to an Aho-Corasick automaton without a vector prefilter, which looks up a dictionary per
/// character of text; for the injection grammar's 166 literals that was 2% of one-thread analyze CPU.</para>
/// <para>The hash is the low five bits of each character: distinct for the letters a–z, which the literals mostly
/// are, so few positions of English text pass that do not start a literal's first three characters; other
/// characters only cost a comparison. Literals of two characters are filed under every third character; literals of
/// one character are a vector search each.</para>
/// </remarks>
internal sealed class AsciiLiteralIndex
{
    private const int HashBits = 15;

    private readonly string[] _literals;
    private readonly ulong[] _filter = new ulong[(1 << HashBits) / 64];

    // 1 + the index in _buckets of the literals filed under a hash; 0 for none. Read only where the filter passes.
    private readonly ushort[] _bucketOfHash = new ushort[1 << HashBits];
    private readonly int[][] _buckets;
    private readonly int[] _singleCharacter;
    private readonly int[] _twoCharacters;

    /// <param name="literals"><see cref="MarkPresent"/> marks them by their index here; those that are empty or not
    /// ASCII are left to other means and never marked.</param>
    public AsciiLiteralIndex(IReadOnlyList<string> literals)
    {
        ArgumentNullException.ThrowIfNull(literals);
        _literals = [.. literals];
        _singleCharacter = [.. Enumerable.Range(0, _literals.Length).Where(i => _literals[i].Length == 1 && char.IsAscii(_literals[i][0]))];
        _twoCharacters = [.. Enumerable.Range(0, _literals.Length).Where(i => _literals[i].Length == 2 && System.Text.Ascii.IsValid(_literals[i]))];
        var byHash = new SortedDictionary<int, List<int>>();
        for (int i = 0; i < _literals.Length; i++)
        {
            string literal = _literals[i];
            if (literal.Length < 2 || !System.Text.Ascii.IsValid(literal))
            {
                continue;
            }

            IEnumerable<int> thirds = literal.Length == 2 ? Enumerable.Range(0, 32) : [literal[2] & 31];
            foreach (int third in thirds)
            {
                int hash = Hash(literal[0], literal[1], third);
                if (!byHash.TryGetValue(hash, out var bucket))
                {
                    byHash[hash] = bucket = [];
                }

                bucket.Add(i);
            }
        }

        // At most 2^15 hashes, so bucket numbers up to 32,768: a ushort holds every one.
        _buckets = new int[byHash.Count][];
        int next = 0;
        foreach (var (hash, bucket) in byHash)
        {
            _filter[hash >> 6] |= 1UL << hash;
            _bucketOfHash[hash] = (ushort)(next + 1);
            _buckets[next++] = [.. bucket];
        }
    }

    /// <summary>Sets <c>present[i]</c> for every ASCII literal i that occurs in <paramref name="text"/>; leaves the others.</summary>
    public void MarkPresent(ReadOnlySpan<char> text, Span<bool> present)
    {
        foreach (int literal in _singleCharacter)
        {
            present[literal] |= text.Contains(_literals[literal][0]);
        }

        if (text.Length >= 3)
        {
            int i = 0;
            while (i + 2 < text.Length)
            {
                if (text[i] >= 0x80)
                {
                    // No literal starts at a character outside ASCII: a run of them (Chinese text) is skipped by one
                    // vector search. Hashed one by one, each Chinese character passed the filter by chance often enough
                    // that comparing the literals filed there was 6% of one thread on prompts of Chinese prose, and the
                    // walk itself 9%.
                    int ascii = text[(i + 1)..].IndexOfAnyInRange('\0', '\u007F');
                    if (ascii < 0)
                    {
                        break;
                    }

                    i += 1 + ascii;
                    continue;
                }

                if (Vector256.IsHardwareAccelerated && i + BlockPositions + 2 <= text.Length)
                {
                    MarkBlock(text, i, present);
                    i += BlockPositions;
                    continue;
                }

                int hash = Hash(text[i], text[i + 1], text[i + 2]);
                if ((_filter[hash >> 6] & (1UL << hash)) != 0)
                {
                    Verify(text[i..], _buckets[_bucketOfHash[hash] - 1], present);
                }

                i++;
            }
        }

        // A two-character literal at the very end has no third character to be filed under.
        if (text.Length >= 2)
        {
            Verify(text[^2..], _twoCharacters, present);
        }
    }

    // Positions hashed per vector step.
    private const int BlockPositions = 16;

    // The positions i to i + 15 (the text goes on at least two characters past them): their sixteen hashes in one
    // vector step, then the filter's bit for each that holds an ASCII character. The walk one position at a time
    // (two loads, the hash and the filter per character of English prose) was 10% of one thread on prompts of prose.
    private void MarkBlock(ReadOnlySpan<char> text, int i, Span<bool> present)
    {
        ref ushort chars = ref Unsafe.As<char, ushort>(ref MemoryMarshal.GetReference(text));
        var low5 = Vector256.Create((ushort)31);
        var first = Vector256.LoadUnsafe(ref chars, (nuint)i);
        var hashes = ((first & low5) << 10) | ((Vector256.LoadUnsafe(ref chars, (nuint)(i + 1)) & low5) << 5) | (Vector256.LoadUnsafe(ref chars, (nuint)(i + 2)) & low5);
        uint starts = Vector256.LessThan(first, Vector256.Create((ushort)0x80)).ExtractMostSignificantBits();
        Span<ushort> hashed = stackalloc ushort[BlockPositions];
        ref ushort hash0 = ref MemoryMarshal.GetReference(hashed);
        hashes.StoreUnsafe(ref hash0);

        // Read without bounds checks: k < 16, and a hash has 15 bits, so its word is one of the filter's 512.
        ref ulong filter = ref MemoryMarshal.GetArrayDataReference(_filter);
        while (starts != 0)
        {
            int k = BitOperations.TrailingZeroCount(starts);
            starts &= starts - 1;
            int hash = Unsafe.Add(ref hash0, k);
            if ((Unsafe.Add(ref filter, hash >> 6) & (1UL << hash)) != 0)
            {
                Verify(text[(i + k)..], _buckets[_bucketOfHash[hash] - 1], present);
            }
        }
    }

    private void Verify(ReadOnlySpan<char> rest, int[] literals, Span<bool> present)
    {
        foreach (int literal in literals)
        {
            if (rest.StartsWith(_literals[literal], StringComparison.Ordinal))
            {
                present[literal] = true;
            }
        }
    }

    private static int Hash(char first, char second, int third) => ((first & 31) << 10) | ((second & 31) << 5) | (third & 31);
}
