namespace QwenLogFunctions.Core.Statistics;

/// <summary>
/// All values of one measure, kept to compute exact percentiles with the article's definition:
/// the value at index floor(p·n) of the ascending values (Python: <c>sorted(v)[int(p * len(v))]</c>).
/// </summary>
/// <remarks>
/// Values live in chunks that grow from 256 to 64K values, so there is no copy-on-grow peak and a small group wastes
/// little. While every value is exactly representable as a 32-bit float (whole milliseconds below 2^24 are, and
/// that is how latencies are logged) they are stored as floats, 4 bytes each; the first value that is not turns the
/// set into doubles, 8 bytes each. Either way nothing is rounded: percentiles are the exact logged values.
/// </remarks>
public sealed class ExactValues
{
    private const int FirstChunk = 256;
    private const int MaxChunk = 64 * 1024;

    /// <summary>
    /// From this many values on, percentiles come from <see cref="HistogramSelect"/>. Below it a copy and quickselect
    /// cost little in all; above it, quickselect's unpredictable comparisons cost about 20 ns a value (an hour's 3,600
    /// latencies took 90 µs against 15 µs through the histogram).
    /// </summary>
    private const int HistogramSelectMin = 1024;

    /// <summary>
    /// At most 2^12 buckets: their counts (16 KB) stay in the first-level cache while values are counted in random
    /// order. 2^16 buckets over the range took a third longer on 100,000 values; a few hundred values in the buckets
    /// gathered cost little to select from.
    /// </summary>
    private const int MaxBucketBits = 12;

    private List<float[]>? _floats = [];
    private List<double[]>? _doubles;
    private int _lastCount;

    // The range of the order keys of the values that are not NaN (min > max while there are none), kept as values come
    // in so that the histogram's buckets can be laid over it without a pass to find it.
    private ulong _minKey = ulong.MaxValue;
    private ulong _maxKey;

    /// <summary>Number of values.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a value.</summary>
    public void Add(double value)
    {
        if (!double.IsNaN(value))
        {
            ulong key = OrderKey(value);
            _minKey = Math.Min(_minKey, key);
            _maxKey = Math.Max(_maxKey, key);
        }

        if (_floats is not null)
        {
            float narrow = (float)value;
            if (narrow == value)
            {
                Append(_floats, narrow);
                return;
            }

            Widen();
        }

        Append(_doubles!, value);
    }

    /// <summary>Adds all values of another set.</summary>
    public void AddRange(ExactValues other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other._floats is not null)
        {
            for (int i = 0; i < other._floats.Count; i++)
            {
                int length = i == other._floats.Count - 1 ? other._lastCount : other._floats[i].Length;
                foreach (float value in other._floats[i].AsSpan(0, length))
                {
                    Add(value);
                }
            }
        }
        else
        {
            for (int i = 0; i < other._doubles!.Count; i++)
            {
                int length = i == other._doubles.Count - 1 ? other._lastCount : other._doubles[i].Length;
                foreach (double value in other._doubles[i].AsSpan(0, length))
                {
                    Add(value);
                }
            }
        }
    }

    /// <summary>The article's percentile: sorted[(int)(p · n)]; null when empty.</summary>
    public double? Percentile(double p) => Percentiles(p)[0];

    /// <summary>The article's percentiles for several p at once (one scratch copy, returned to the pool afterwards).</summary>
    public double?[] Percentiles(params ReadOnlySpan<double> ps) => PercentilesOf([this], ps);

    /// <summary>Copies the values (unsorted, as doubles) into <paramref name="destination"/>; returns how many.</summary>
    public int CopyTo(Span<double> destination)
    {
        int offset = 0;
        if (_floats is not null)
        {
            for (int i = 0; i < _floats.Count; i++)
            {
                int length = i == _floats.Count - 1 ? _lastCount : _floats[i].Length;
                foreach (float value in _floats[i].AsSpan(0, length))
                {
                    destination[offset++] = value;
                }
            }
        }
        else
        {
            for (int i = 0; i < _doubles!.Count; i++)
            {
                int length = i == _doubles.Count - 1 ? _lastCount : _doubles[i].Length;
                _doubles[i].AsSpan(0, length).CopyTo(destination[offset..]);
                offset += length;
            }
        }

        return offset;
    }

    /// <summary>
    /// The article's percentiles of the union of several sets (one sorted copy, returned to the pool afterwards);
    /// nulls when all are empty.
    /// </summary>
    public static double?[] PercentilesOf(IReadOnlyCollection<ExactValues> parts, params ReadOnlySpan<double> ps)
    {
        ArgumentNullException.ThrowIfNull(parts);
        var result = new double?[ps.Length];
        int count = parts.Sum(part => part.Count);
        if (count == 0)
        {
            return result;
        }

        if (count >= HistogramSelectMin)
        {
            HistogramSelect(parts, count, ps, result);
            return result;
        }

        double[] buffer = System.Buffers.ArrayPool<double>.Shared.Rent(count);
        try
        {
            int offset = 0;
            foreach (var part in parts)
            {
                offset += part.CopyTo(buffer.AsSpan(offset));
            }

            SelectRanks(buffer.AsSpan(0, count), ps, result);
            return result;
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(buffer);
        }
    }

    /// <summary>
    /// Writes to <paramref name="result"/> the value at rank floor(p·n) of the ascending order of
    /// <paramref name="values"/> for each p, reordering <paramref name="values"/>. The same values as sorting first, at a
    /// fraction of the cost: only the few ranks asked for are selected (quickselect), which matters on a million values
    /// per measure and group, computed once per report on one thread after the parallel part is over.
    /// </summary>
    /// <remarks>
    /// The order is <see cref="Array.Sort(Array)"/>'s for doubles: NaN first, then ascending. Ranks are selected from
    /// the highest down, each in the prefix the previous selection left below it, so every selection after the
    /// first works on a shrinking range.
    /// </remarks>
    internal static void SelectRanks(Span<double> values, ReadOnlySpan<double> ps, Span<double?> result)
    {
        int count = values.Length;

        // NaN sorts first: move them to the front and select among the rest.
        int nans = 0;
        for (int i = 0; i < count; i++)
        {
            if (double.IsNaN(values[i]))
            {
                (values[i], values[nans]) = (values[nans], values[i]);
                nans++;
            }
        }

        Span<int> order = ps.Length <= 16 ? stackalloc int[ps.Length] : new int[ps.Length];
        for (int i = 0; i < order.Length; i++)
        {
            order[i] = i;
        }

        // Same double arithmetic and truncation as Python's int(0.95 * len(values)).
        int Rank(double p) => Math.Min((int)(p * count), count - 1);
        var ranks = new int[ps.Length];
        for (int i = 0; i < ps.Length; i++)
        {
            ranks[i] = Rank(ps[i]);
        }

        order.Sort((a, b) => ranks[b].CompareTo(ranks[a]));
        int end = count;
        foreach (int index in order)
        {
            int rank = ranks[index];
            if (rank < nans)
            {
                result[index] = double.NaN;
                continue;
            }

            var range = values[nans..end];
            result[index] = Select(range, rank - nans);
            end = rank + 1; // everything below the selected rank is now at or below it
        }
    }

    /// <summary>
    /// The same values as <see cref="SelectRanks"/> without copying or reordering the whole set: the buckets split the
    /// range of the values' order keys (<see cref="OrderKey"/>, its ends kept by <see cref="Add"/>) evenly, about one
    /// per eight values up to 4,096; one pass counts the values per bucket, which says which bucket holds each rank
    /// asked for and at which rank inside it; a second gathers only the values of those buckets (a few dozen) and
    /// quickselect finds the rank among them. Two streaming passes over the stored floats, nearly free of
    /// unpredictable branches, instead of a copy to doubles and several partition passes.
    /// </summary>
    private static void HistogramSelect(IReadOnlyCollection<ExactValues> parts, int count, ReadOnlySpan<double> ps, double?[] result)
    {
        ulong min = ulong.MaxValue, max = 0;
        foreach (var part in parts)
        {
            min = Math.Min(min, part._minKey);
            max = Math.Max(max, part._maxKey);
        }

        if (min > max)
        {
            result.AsSpan().Fill(double.NaN); // every value is NaN
            return;
        }

        // Bucket = (key - min) >> shift: at most 2^bucketBits buckets over the keys there are.
        int bucketBits = Math.Clamp(System.Numerics.BitOperations.Log2((uint)count) - 2, 8, MaxBucketBits);
        int shift = Math.Max(0, 64 - System.Numerics.BitOperations.LeadingZeroCount(max - min) - bucketBits);
        int bucketCount = (int)((max - min) >> shift) + 1;
        int[] histogram = System.Buffers.ArrayPool<int>.Shared.Rent(bucketCount);
        var buckets = histogram.AsSpan(0, bucketCount);
        buckets.Clear();
        int nans = 0;
        foreach (var part in parts)
        {
            nans += part._floats is not null ? CountBuckets(part._floats, part._lastCount, min, shift, buckets) : CountBuckets(part._doubles!, part._lastCount, min, shift, buckets);
        }

        // For each p: the bucket that holds its rank (NaN sorts first, as in SelectRanks) and the rank inside it, in one
        // walk over the buckets with the ranks taken in ascending order.
        var bucketOfRank = new int[ps.Length];
        var rankInBucket = new int[ps.Length];
        var ranks = new int[ps.Length];
        var ascending = new int[ps.Length];
        for (int i = 0; i < ps.Length; i++)
        {
            ranks[i] = Math.Min((int)(ps[i] * count), count - 1);
            ascending[i] = i;
        }

        Array.Sort(ranks.ToArray(), ascending);
        int below = nans, walked = 0;
        foreach (int i in ascending)
        {
            int rank = ranks[i];
            bucketOfRank[i] = -1;
            if (rank < nans)
            {
                result[i] = double.NaN;
                continue;
            }

            while (below + buckets[walked] <= rank)
            {
                below += buckets[walked++];
            }

            bucketOfRank[i] = walked;
            rankInBucket[i] = rank - below;
        }

        // The histogram becomes the marks of the buckets to gather: 1 + the index of each one's buffer, 0 elsewhere.
        var wanted = bucketOfRank.Where(bucket => bucket >= 0).Distinct().ToArray();
        var gathered = new List<double[]>(wanted.Length);
        foreach (int bucket in wanted)
        {
            gathered.Add(System.Buffers.ArrayPool<double>.Shared.Rent(buckets[bucket]));
        }

        buckets.Clear();
        for (int i = 0; i < wanted.Length; i++)
        {
            buckets[wanted[i]] = i + 1;
        }

        try
        {
            var filled = new int[wanted.Length];
            foreach (var part in parts)
            {
                if (part._floats is not null)
                {
                    Gather(part._floats, part._lastCount, min, shift, buckets, gathered, filled);
                }
                else
                {
                    Gather(part._doubles!, part._lastCount, min, shift, buckets, gathered, filled);
                }
            }

            for (int i = 0; i < ps.Length; i++)
            {
                if (bucketOfRank[i] >= 0)
                {
                    int slot = Array.IndexOf(wanted, bucketOfRank[i]);
                    result[i] = Select(gathered[slot].AsSpan(0, filled[slot]), rankInBucket[i]);
                }
            }
        }
        finally
        {
            System.Buffers.ArrayPool<int>.Shared.Return(histogram);
            foreach (double[] buffer in gathered)
            {
                System.Buffers.ArrayPool<double>.Shared.Return(buffer);
            }
        }
    }

    /// <summary>Counts the values of the chunks per bucket; returns how many are NaN (those are not counted in a bucket).</summary>
    private static int CountBuckets<T>(List<T[]> chunks, int lastCount, ulong min, int shift, Span<int> buckets)
        where T : struct
    {
        int nans = 0;
        for (int i = 0; i < chunks.Count; i++)
        {
            foreach (T stored in chunks[i].AsSpan(0, i == chunks.Count - 1 ? lastCount : chunks[i].Length))
            {
                double value = AsDouble(stored);
                if (double.IsNaN(value))
                {
                    nans++;
                }
                else
                {
                    buckets[(int)((OrderKey(value) - min) >> shift)]++;
                }
            }
        }

        return nans;
    }

    /// <summary>Appends every value whose bucket is marked to the buffer the mark names.</summary>
    private static void Gather<T>(List<T[]> chunks, int lastCount, ulong min, int shift, Span<int> marks, List<double[]> gathered, int[] filled)
        where T : struct
    {
        for (int i = 0; i < chunks.Count; i++)
        {
            foreach (T stored in chunks[i].AsSpan(0, i == chunks.Count - 1 ? lastCount : chunks[i].Length))
            {
                double value = AsDouble(stored);
                if (!double.IsNaN(value) && marks[(int)((OrderKey(value) - min) >> shift)] is int mark and > 0)
                {
                    gathered[mark - 1][filled[mark - 1]++] = value;
                }
            }
        }
    }

    // The JIT compiles one copy per T and keeps only the branch of that T.
    private static double AsDouble<T>(T stored)
        where T : struct =>
        typeof(T) == typeof(float) ? System.Runtime.CompilerServices.Unsafe.As<T, float>(ref stored) : System.Runtime.CompilerServices.Unsafe.As<T, double>(ref stored);

    /// <summary>
    /// The value's order key: its IEEE bits with the sign bit set for positive values and all bits flipped for negative
    /// ones, so that keys order as the values do (−0 just below +0, which compare equal and stay in the same or
    /// neighbouring buckets).
    /// </summary>
    private static ulong OrderKey(double value)
    {
        ulong bits = (ulong)BitConverter.DoubleToInt64Bits(value);
        ulong flip = (ulong)((long)bits >> 63) | 0x8000_0000_0000_0000UL;
        return bits ^ flip;
    }

    /// <summary>Quickselect (Hoare partition, median-of-three pivot) over values without NaN; falls back to a sort when a range resists.</summary>
    private static double Select(Span<double> values, int k)
    {
        int lo = 0, hi = values.Length - 1;
        int budget = 2 * (64 - System.Numerics.BitOperations.LeadingZeroCount((ulong)values.Length)) + 8;
        while (hi > lo)
        {
            if (hi - lo < 32 || --budget < 0)
            {
                values[lo..(hi + 1)].Sort();
                return values[k];
            }

            int mid = lo + ((hi - lo) / 2);
            double a = values[lo], b = values[mid], c = values[hi];
            double pivot = a < b ? (b < c ? b : (a < c ? c : a)) : (a < c ? a : (b < c ? c : b));
            int i = lo, j = hi;
            while (i <= j)
            {
                while (values[i] < pivot)
                {
                    i++;
                }

                while (values[j] > pivot)
                {
                    j--;
                }

                if (i <= j)
                {
                    (values[i], values[j]) = (values[j], values[i]);
                    i++;
                    j--;
                }
            }

            if (k <= j)
            {
                hi = j;
            }
            else if (k >= i)
            {
                lo = i;
            }
            else
            {
                return values[k]; // between the two halves: equal to the pivot
            }
        }

        return values[k];
    }

    private void Append<T>(List<T[]> chunks, T value)
    {
        if (chunks.Count == 0 || _lastCount == chunks[^1].Length)
        {
            chunks.Add(new T[chunks.Count == 0 ? FirstChunk : Math.Min(chunks[^1].Length * 2, MaxChunk)]);
            _lastCount = 0;
        }

        chunks[^1][_lastCount++] = value;
        Count++;
    }

    /// <summary>Moves the floats stored so far into double chunks of the same shape.</summary>
    private void Widen()
    {
        var doubles = new List<double[]>(_floats!.Count);
        foreach (float[] chunk in _floats)
        {
            var wide = new double[chunk.Length];
            for (int i = 0; i < chunk.Length; i++)
            {
                wide[i] = chunk[i];
            }

            doubles.Add(wide);
        }

        _doubles = doubles;
        _floats = null;
    }
}
