using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;
using System.Runtime.Intrinsics.X86;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Finds where any of up to 64 short ASCII literals starts in UTF-16 text, compared ordinally, in one vector pass: the
/// Teddy algorithm (Hyperscan, Rust's aho-corasick) with eight buckets of literals and a fingerprint of each literal's
/// first three characters, which may be of different lengths (a two-character literal takes any third character).
/// </summary>
/// <remarks>
/// <para>Why not <see cref="System.Buffers.SearchValues{T}"/> of strings, which is also Teddy: it fingerprints every
/// literal by the same number of characters, two when any literal has two, so the credential anchors took one search
/// for the two-character ones and one for the rest; this one takes both in one pass. Sampled on one thread over
/// 100,000 lines, the credential scan went from 10.9–11.5% of the CPU to 9.2–9.7%.</para>
/// <para>Each step takes 32 characters packed to bytes (anything above 0xFF saturates to 0xFF or 0, which no ASCII
/// fingerprint accepts unless it accepts any byte there); each byte's low and high nibble look up the buckets that
/// accept it at each of the three places, and a position is a candidate when some bucket accepts its three characters.
/// Candidates are rare in prose; each is compared with its buckets' literals.</para>
/// </remarks>
internal sealed class MultiLiteralSearch
{
    private const int Buckets = 8;
    private const int FingerprintChars = 3;

    // Characters per vector step.
    private const int StepPositions = PackedChars.Count;

    private readonly string[] _literals;

    // Per bucket, the literals in it (indexes into _literals).
    private readonly int[][] _bucketLiterals;

    // Per fingerprint place (the first, second and third character): the buckets accepting each low nibble and each
    // high nibble there (16 entries, repeated in both lanes for the in-lane byte shuffle).
    private readonly Vector256<byte> _low0, _high0, _low1, _high1, _low2, _high2;

    // The buckets holding a literal that starts with each ASCII character, for processors without the vector steps.
    private readonly byte[] _bucketsByFirstChar = new byte[128];

    /// <summary>Compiles the literals: 1 to 64 of them, each ASCII and not empty.</summary>
    public MultiLiteralSearch(IReadOnlyList<string> literals)
    {
        ArgumentNullException.ThrowIfNull(literals);
        if (literals.Count is 0 or > 64)
        {
            throw new ArgumentException("between 1 and 64 literals are searched at once", nameof(literals));
        }

        foreach (string literal in literals)
        {
            if (string.IsNullOrEmpty(literal) || !System.Text.Ascii.IsValid(literal))
            {
                throw new ArgumentException($"a literal must be ASCII and not empty: \"{literal}\"", nameof(literals));
            }
        }

        _literals = [.. literals];
        _bucketLiterals = AssignBuckets(_literals);
        Span<byte> low = stackalloc byte[16 * FingerprintChars];
        Span<byte> high = stackalloc byte[16 * FingerprintChars];
        low.Clear();
        high.Clear();
        for (int bucket = 0; bucket < _bucketLiterals.Length; bucket++)
        {
            byte bit = (byte)(1 << bucket);
            foreach (int index in _bucketLiterals[bucket])
            {
                string literal = _literals[index];
                _bucketsByFirstChar[literal[0]] |= bit;
                for (int k = 0; k < FingerprintChars; k++)
                {
                    if (k < literal.Length)
                    {
                        low[(16 * k) + (literal[k] & 0xF)] |= bit;
                        high[(16 * k) + (literal[k] >> 4)] |= bit;
                    }
                    else
                    {
                        // Past the literal's end any character will do, whatever byte it packs to.
                        for (int n = 0; n < 16; n++)
                        {
                            low[(16 * k) + n] |= bit;
                            high[(16 * k) + n] |= bit;
                        }
                    }
                }
            }
        }

        _low0 = Table(low[..16]);
        _high0 = Table(high[..16]);
        _low1 = Table(low[16..32]);
        _high1 = Table(high[16..32]);
        _low2 = Table(low[32..]);
        _high2 = Table(high[32..]);
    }

    private static Vector256<byte> Table(ReadOnlySpan<byte> entries) => Vector256.Create(Vector128.Create(entries), Vector128.Create(entries));

    /// <summary>The literals, in the order given: bit i of a match mask stands for literal i.</summary>
    public IReadOnlyList<string> Literals => _literals;

    /// <summary>
    /// The first position at or after <paramref name="start"/> where a literal starts, or -1; <paramref name="matched"/>
    /// has bit i set for each literal i that starts there.
    /// </summary>
    public int IndexOfAny(ReadOnlySpan<char> text, int start, out ulong matched)
    {
        if (!Avx2.IsSupported)
        {
            return IndexOfAnyOneByOne(text, start, out matched);
        }

        int found = IndexOfAnyInSteps(text, text, 0, ref start, out matched);
        if (found >= 0 || start >= text.Length)
        {
            return found;
        }

        // The last starts (at most 33, fewer than the steps need after them) are searched in a copy padded with NULs,
        // which nothing but a place that takes any character accepts; candidates in the padding are dropped. Checking
        // them one by one instead stopped at every character a literal starts with ('e', 'd', 'A' …): most candidates.
        Span<char> tail = stackalloc char[2 * StepPositions];
        tail.Clear();
        text[start..].CopyTo(tail);
        int position = 0;
        return IndexOfAnyInSteps(tail, text, start, ref position, out matched);
    }

    // The vector steps over `steps`, which is text from `offset` on (or a padded copy of it), from steps[position]: the
    // first literal's start in text, or -1 with `position` at the first start the steps did not cover.
    private int IndexOfAnyInSteps(ReadOnlySpan<char> steps, ReadOnlySpan<char> text, int offset, ref int position, out ulong matched)
    {
        while (true)
        {
            int block = NextCandidateStep(steps, position, out uint candidates, out var buckets);
            if (candidates == 0)
            {
                position = block;
                matched = 0;
                return -1;
            }

            // Bit k: the fingerprint that ends at block + k, so the literal starts at block + k - 2.
            do
            {
                int k = BitOperations.TrailingZeroCount(candidates);
                candidates &= candidates - 1;
                int at = offset + block + k - 2;
                if (at < text.Length && (matched = Verify(text, at, buckets.GetElement(k))) != 0)
                {
                    return at;
                }
            }
            while (candidates != 0);

            // Starts up to block + 29 are done; the next step begins with no fingerprints carried in, so it reports
            // none that start before block + 30.
            position = block + StepPositions - 2;
        }
    }

    private int IndexOfAnyOneByOne(ReadOnlySpan<char> text, int start, out ulong matched)
    {
        for (int i = start; i < text.Length; i++)
        {
            char c = text[i];
            if (c < 128 && _bucketsByFirstChar[c] != 0)
            {
                matched = Verify(text, i, _bucketsByFirstChar[c]);
                if (matched != 0)
                {
                    return i;
                }
            }
        }

        matched = 0;
        return -1;
    }

    /// <summary>Whether the vector steps run on this processor (otherwise every position is checked one by one).</summary>
    public static bool IsVectorized => Avx2.IsSupported;

    // Steps from position i to the first step with a candidate, 32 characters a step, and returns that step's first
    // character: bit k of `candidates` is a fingerprint ending at its k-th character, `buckets` (byte k) the buckets
    // accepting it. Each step looks up each character once for all three places; the first and second places' results
    // are shifted by two and one characters, the previous step's last ones coming in, so no fingerprint starting before
    // i is reported. Without a candidate, returns the first start no step covered, with none. A method of its own so
    // that nothing is called inside the loop and the tables stay in registers.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private int NextCandidateStep(ReadOnlySpan<char> text, int i, out uint candidates, out Vector256<byte> buckets)
    {
        ref short chars = ref Unsafe.As<char, short>(ref MemoryMarshal.GetReference(text));
        var nibble = Vector256.Create((byte)0xF);
        Vector256<byte> low0 = _low0, high0 = _high0, low1 = _low1, high1 = _high1, low2 = _low2, high2 = _high2;
        Vector256<byte> previous0 = Vector256<byte>.Zero, previous1 = Vector256<byte>.Zero;
        int first = i;
        for (; i + StepPositions <= text.Length; i += StepPositions)
        {
            var bytes = PackedChars.Load(ref chars, i);
            var lowNibbles = bytes & nibble;
            var highNibbles = Vector256.ShiftRightLogical(bytes.AsUInt16(), 4).AsByte() & nibble;
            var place0 = Avx2.Shuffle(low0, lowNibbles) & Avx2.Shuffle(high0, highNibbles);
            var place1 = Avx2.Shuffle(low1, lowNibbles) & Avx2.Shuffle(high1, highNibbles);
            var place2 = Avx2.Shuffle(low2, lowNibbles) & Avx2.Shuffle(high2, highNibbles);

            // Byte k of [previous | current] shifted: the current step's bytes moved up by two (one), the previous step's
            // last two (one) in front. AlignRight works within lanes; the lane swap gives each lane the bytes before it.
            var shifted0 = Avx2.AlignRight(place0, Avx2.Permute2x128(previous0, place0, 0x21), 14);
            var shifted1 = Avx2.AlignRight(place1, Avx2.Permute2x128(previous1, place1, 0x21), 15);
            var accepted = shifted0 & shifted1 & place2;
            uint found = ~Vector256.Equals(accepted, Vector256<byte>.Zero).ExtractMostSignificantBits();
            if (found != 0)
            {
                candidates = found;
                buckets = accepted;
                return i;
            }

            previous0 = place0;
            previous1 = place1;
        }

        candidates = 0;
        buckets = default;
        return i == first ? i : i - 2;
    }


    private ulong Verify(ReadOnlySpan<char> text, int at, byte buckets)
    {
        ulong matched = 0;
        var rest = text[at..];
        while (buckets != 0)
        {
            int bucket = BitOperations.TrailingZeroCount(buckets);
            buckets &= (byte)(buckets - 1);
            foreach (int index in _bucketLiterals[bucket])
            {
                // The first character in place before the call: a bucket holds literals of several first characters,
                // and most of a candidate's literals differ from it there.
                string literal = _literals[index];
                if (rest[0] == literal[0] && rest.StartsWith(literal, StringComparison.Ordinal))
                {
                    matched |= 1UL << index;
                }
            }
        }

        return matched;
    }

    /// <summary>
    /// Puts the literals in at most eight buckets: literals sharing a bucket share its fingerprint tables, so each can
    /// pass another's bytes at each place (a false candidate, rejected by the comparison). Starting from one bucket per
    /// first character and length class (two characters or fewer take any third), the two buckets whose merge adds the
    /// least to the chance that a position of prose is a candidate are merged until eight remain.
    /// </summary>
    private static int[][] AssignBuckets(string[] literals)
    {
        var groups = Enumerable.Range(0, literals.Length)
            .GroupBy(index => (literals[index][0], literals[index].Length < FingerprintChars))
            .Select(group => new Bucket([.. group], literals))
            .ToList();
        while (groups.Count > Buckets)
        {
            // Each group's own chance once per round, and a merge's from the merged tables alone (no list of its
            // literals): this runs at every start, and recomputing both for every pair was 12 M instructions there,
            // a fifth of a small file's whole run.
            double[] chances = [.. groups.Select(group => group.CandidateChance())];
            (int A, int B, double Cost) best = (0, 1, double.MaxValue);
            for (int a = 0; a < groups.Count; a++)
            {
                for (int b = a + 1; b < groups.Count; b++)
                {
                    double cost = Bucket.MergedChance(groups[a], groups[b]) - chances[a] - chances[b];
                    if (cost < best.Cost)
                    {
                        best = (a, b, cost);
                    }
                }
            }

            groups[best.A] = groups[best.A].MergedWith(groups[best.B]);
            groups.RemoveAt(best.B);
        }

        return [.. groups.Select(group => group.Literals.ToArray())];
    }

    /// <summary>A bucket being formed: its literals and, per fingerprint place, the low and high nibbles it accepts (all of them past a literal's end).</summary>
    private readonly record struct Bucket(List<int> Literals, int Low0, int High0, int Low1, int High1, int Low2, int High2)
    {
        public Bucket(List<int> literals, string[] all)
            : this(literals, Nibbles(literals, all, 0, low: true), Nibbles(literals, all, 0, low: false), Nibbles(literals, all, 1, low: true),
                  Nibbles(literals, all, 1, low: false), Nibbles(literals, all, 2, low: true), Nibbles(literals, all, 2, low: false))
        {
        }

        public Bucket MergedWith(Bucket other) =>
            new([.. Literals, .. other.Literals], Low0 | other.Low0, High0 | other.High0, Low1 | other.Low1, High1 | other.High1, Low2 | other.Low2, High2 | other.High2);

        // The chance that three characters of prose pass the bucket's tables, each place on its own, characters drawn
        // by ProseWeight: a byte passes when its low nibble and its high nibble are both accepted there.
        public double CandidateChance() => Chance(Low0, High0, Low1, High1, Low2, High2);

        /// <summary>The <see cref="CandidateChance"/> of the two merged.</summary>
        public static double MergedChance(Bucket a, Bucket b) =>
            Chance(a.Low0 | b.Low0, a.High0 | b.High0, a.Low1 | b.Low1, a.High1 | b.High1, a.Low2 | b.Low2, a.High2 | b.High2);

        private static double Chance(int low0, int high0, int low1, int high1, int low2, int high2) =>
            PlaceChance(low0, high0) * PlaceChance(low1, high1) * PlaceChance(low2, high2);

        private static double PlaceChance(int low, int high)
        {
            // The accepted ASCII characters in increasing order, as a loop over all 128 would add them (skipping the
            // zeros it would add changes no bit of the sum).
            double accepted = 0;
            for (int h = 0; h < 8; h++)
            {
                if (((high >> h) & 1) == 0)
                {
                    continue;
                }

                for (int l = 0; l < 16; l++)
                {
                    if (((low >> l) & 1) != 0)
                    {
                        accepted += ProseWeights[(h * 16) + l];
                    }
                }
            }

            return accepted / ProseWeightTotal;
        }

        private static int Nibbles(List<int> literals, string[] all, int place, bool low)
        {
            int mask = 0;
            foreach (int index in literals)
            {
                string literal = all[index];
                mask |= place >= literal.Length ? 0xFFFF : 1 << (low ? literal[place] & 0xF : literal[place] >> 4);
            }

            return mask;
        }
    }

    // a to z, per 1,000 characters of English text.
    private static readonly double[] LetterWeights = [65, 12, 22, 34, 102, 18, 16, 49, 56, 1, 6, 33, 20, 57, 60, 15, 1, 50, 53, 73, 23, 8, 17, 1.5, 16, 0.7];

    private static readonly double[] ProseWeights = [.. Enumerable.Range(0, 128).Select(c => ProseWeight((char)c))];
    private static readonly double ProseWeightTotal = ProseWeights.Sum();

    // Rough frequencies (per 1,000 characters) of ASCII characters in English prose and model output: a space every
    // sixth character, lower-case letters by their frequency in English, few capitals, digits and symbols.
    private static double ProseWeight(char c) => c switch
    {
        ' ' => 170,
        '\n' => 5,
        >= 'a' and <= 'z' => LetterWeights[c - 'a'],
        >= 'A' and <= 'Z' => 1.5,
        >= '0' and <= '9' => 1,
        ',' or '.' => 10,
        '-' or '\'' or '"' or '(' or ')' or ':' => 2,
        < ' ' or (char)127 => 0,
        _ => 0.3,
    };
}
