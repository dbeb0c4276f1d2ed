using System.Buffers.Binary;
using System.Numerics;
using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QwenLogFunctions.Core.Statistics;

/// <summary>
/// A mergeable quantile sketch with a relative-error guarantee (DDSketch, Masson, Rim &amp; Lee, VLDB 2019).
/// </summary>
/// <remarks>
/// <para>
/// Positive values are counted in logarithmic buckets: bucket <c>i</c> holds values in (γ^(i−1), γ^i] with
/// γ = (1 + α) / (1 − α), and is represented by 2γ^i / (γ + 1). Every value in the bucket is within a factor
/// (1 ± α) of that representative, so whatever rank is asked for, the answer is within relative error α of the
/// exact value at that rank. Merging adds bucket counts, which is exact: a merged sketch answers exactly as a
/// sketch fed all values would. That is what lets hourly partials from many shards become a correct day P95.
/// </para>
/// <para>
/// Ranks follow the article's percentile definition: the value at index floor(q·n) of the ascending values.
/// Values at or below <see cref="MinIndexableValue"/> (zero latencies) are counted exactly in a zero bucket.
/// Memory is bounded by the value range, not the count: latencies from 1 ms to 10⁷ ms need ~810 buckets at α = 1%.
/// </para>
/// </remarks>
public sealed class QuantileSketch
{
    /// <summary>The product's relative accuracy: 1%.</summary>
    public const double DefaultRelativeAccuracy = 0.01;

    /// <summary>Values at or below this count as zero (exactly).</summary>
    public const double MinIndexableValue = 1e-9;

    private const byte FormatVersion = 1;

    private readonly double _gamma;
    private readonly double _logGamma;
    private readonly bool _momentsOnly;
    private long[] _counts = [];
    private int _minIndex;
    private long _zeroCount;

    /// <summary>Creates an empty sketch.</summary>
    /// <param name="relativeAccuracy">α in (0, 1): the guaranteed relative error of any quantile.</param>
    public QuantileSketch(double relativeAccuracy = DefaultRelativeAccuracy)
    {
        if (!(relativeAccuracy > 0 && relativeAccuracy < 1))
        {
            throw new ArgumentOutOfRangeException(nameof(relativeAccuracy), relativeAccuracy, "Relative accuracy must be in (0, 1).");
        }

        RelativeAccuracy = relativeAccuracy;
        _gamma = (1 + relativeAccuracy) / (1 - relativeAccuracy);
        _logGamma = Math.Log(_gamma);
    }

    /// <summary>
    /// A sketch that keeps the count, sum, minimum and maximum but no buckets, for figures whose percentiles come from
    /// all kept values instead (exact percentiles): adding a value then costs no logarithm and no bucket update. It
    /// refuses what needs buckets (<see cref="Quantile"/>, <see cref="ToBytes"/>, merging into a full sketch).
    /// </summary>
    public static QuantileSketch MomentsOnly(double relativeAccuracy = DefaultRelativeAccuracy) => new(relativeAccuracy, momentsOnly: true);

    private QuantileSketch(double relativeAccuracy, bool momentsOnly)
        : this(relativeAccuracy)
    {
        _momentsOnly = momentsOnly;
    }

    /// <summary>Whether values are counted in buckets (false for <see cref="MomentsOnly"/>): only then are there quantiles.</summary>
    public bool KeepsBuckets => !_momentsOnly;

    /// <summary>α: the guaranteed relative error.</summary>
    public double RelativeAccuracy { get; }

    /// <summary>Number of values added.</summary>
    public long Count { get; private set; }

    /// <summary>Sum of values added (exact up to double rounding).</summary>
    public double Sum { get; private set; }

    /// <summary>Smallest value added; +∞ when empty (never reported).</summary>
    public double Min { get; private set; } = double.PositiveInfinity;

    /// <summary>Largest value added; −∞ when empty (never reported).</summary>
    public double Max { get; private set; } = double.NegativeInfinity;

    /// <summary>Number of non-empty buckets (a measure of memory and serialized size).</summary>
    public int BucketCount => _counts.Count(c => c != 0) + (_zeroCount > 0 ? 1 : 0);

    /// <summary>Adds a value. Negative, NaN and infinite values are refused: callers validate before.</summary>
    public void Add(double value) => Add(value, 1);

    /// <summary>Adds a value <paramref name="count"/> times.</summary>
    public void Add(double value, long count)
    {
        if (!double.IsFinite(value) || value < 0)
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Sketch values must be finite and non-negative.");
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(count);
        AddAt(value, _momentsOnly ? 0 : BucketOf(value), count);
    }

    /// <summary>
    /// The bucket a value falls in (<see cref="int.MinValue"/> for the zero bucket). Lets a caller feeding several
    /// sketches of the same accuracy with one value pay for the logarithm once.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The value is not finite: its bucket would saturate to
    /// <see cref="int.MaxValue"/> and make the bucket array span the whole int range.</exception>
    internal int BucketOf(double value)
    {
        if (value <= MinIndexableValue)
        {
            return int.MinValue;
        }

        if (!double.IsFinite(value))
        {
            throw new ArgumentOutOfRangeException(nameof(value), value, "Sketch values must be finite.");
        }

        // Finite doubles above 1e-9 give |index| below 36,000 at α = 1%: no overflow in the bucket arithmetic.
        return (int)Math.Ceiling(Math.Log(value) / _logGamma);
    }

    /// <summary>Adds a validated value whose bucket is already known (see <see cref="BucketOf"/>; ignored when moments only).</summary>
    // Inlined: every request adds to five sketches of four accumulators, twenty calls whose work is a few additions.
    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    internal void AddAt(double value, int bucket, long count = 1)
    {
        if (_momentsOnly)
        {
            // No bucket to count in.
        }
        else if (bucket == int.MinValue)
        {
            _zeroCount += count;
        }
        else
        {
            EnsureIndex(bucket);
            _counts[bucket - _minIndex] += count;
        }

        Count += count;
        Sum += value * count;
        if (value < Min)
        {
            Min = value;
        }

        if (value > Max)
        {
            Max = value;
        }
    }

    /// <summary>Adds every value of <paramref name="other"/> to this sketch. Both must have the same accuracy.</summary>
    public void Merge(QuantileSketch other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (other.RelativeAccuracy != RelativeAccuracy)
        {
            throw new ArgumentException($"Cannot merge a sketch of accuracy {other.RelativeAccuracy} into one of {RelativeAccuracy}.", nameof(other));
        }

        if (other.Count == 0)
        {
            return;
        }

        if (other._momentsOnly && !_momentsOnly)
        {
            throw new InvalidOperationException("A sketch without buckets cannot be merged into one with buckets: its values' buckets are unknown.");
        }

        // Grow once to cover the other's occupied buckets, then add the two ranges element-wise: a report over a month
        // merges thousands of hourly sketches per request, and a bounds check per bucket was most of its time.
        var source = other._counts.AsSpan();
        int first = source.IndexOfAnyExcept(0L);
        if (first >= 0 && !_momentsOnly)
        {
            int last = source.LastIndexOfAnyExcept(0L);
            EnsureIndex(other._minIndex + first);
            EnsureIndex(other._minIndex + last);
            AddBuckets(_counts.AsSpan(other._minIndex + first - _minIndex, last - first + 1), source[first..(last + 1)]);
        }

        _zeroCount += other._zeroCount;
        Count += other.Count;
        Sum += other.Sum;
        Min = Math.Min(Min, other.Min);
        Max = Math.Max(Max, other.Max);
    }

    /// <summary>
    /// The value at rank floor(q·n) of the ascending values, within relative error α; null when empty.
    /// </summary>
    public double? Quantile(double q)
    {
        if (!(q >= 0 && q <= 1))
        {
            throw new ArgumentOutOfRangeException(nameof(q), q, "Quantile must be in [0, 1].");
        }

        if (_momentsOnly)
        {
            throw new InvalidOperationException("This sketch keeps no buckets (moments only): its percentiles come from the kept values.");
        }

        if (Count == 0)
        {
            return null;
        }

        long rank = Math.Min((long)(q * Count), Count - 1);
        if (rank < _zeroCount)
        {
            return Math.Max(Min, 0);
        }

        long seen = _zeroCount;
        for (int i = 0; i < _counts.Length; i++)
        {
            seen += _counts[i];
            if (seen > rank)
            {
                double representative = 2 * Math.Pow(_gamma, _minIndex + i) / (_gamma + 1);

                // The exact answer lies in [Min, Max], so clamping can only bring the estimate closer.
                return Math.Clamp(representative, Min, Max);
            }
        }

        return Max;
    }

    /// <summary>A deep copy.</summary>
    public QuantileSketch Clone()
    {
        var copy = new QuantileSketch(RelativeAccuracy, _momentsOnly);
        copy.Merge(this);
        return copy;
    }

    /// <summary>Serializes to a compact, versioned binary form (little-endian, counts as varints).</summary>
    public byte[] ToBytes()
    {
        if (_momentsOnly)
        {
            throw new InvalidOperationException("A sketch without buckets (moments only) is never stored: read back, it would answer quantiles it cannot know.");
        }

        int first = Array.FindIndex(_counts, c => c != 0);
        int last = Array.FindLastIndex(_counts, c => c != 0);
        int length = first < 0 ? 0 : last - first + 1;

        var buffer = new byte[1 + (8 * 5) + 8 + 4 + 4 + (length * 10)];
        int position = 0;
        buffer[position++] = FormatVersion;
        WriteDouble(buffer, ref position, RelativeAccuracy);
        WriteInt64(buffer, ref position, Count);
        WriteDouble(buffer, ref position, Sum);
        WriteDouble(buffer, ref position, Min);
        WriteDouble(buffer, ref position, Max);
        WriteInt64(buffer, ref position, _zeroCount);
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(position), first < 0 ? 0 : _minIndex + first);
        position += 4;
        BinaryPrimitives.WriteInt32LittleEndian(buffer.AsSpan(position), length);
        position += 4;
        for (int i = 0; i < length; i++)
        {
            ulong value = (ulong)_counts[first + i];
            while (value >= 0x80)
            {
                buffer[position++] = (byte)(value | 0x80);
                value >>= 7;
            }

            buffer[position++] = (byte)value;
        }

        return buffer.AsSpan(0, position).ToArray();
    }

    /// <summary>Reads a sketch written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a sketch of a known version.</exception>
    public static QuantileSketch FromBytes(ReadOnlySpan<byte> bytes)
    {
        try
        {
            int position = 0;
            if (bytes[position++] != FormatVersion)
            {
                throw new FormatException($"Unknown quantile sketch format version {bytes[0]}.");
            }

            var sketch = new QuantileSketch(ReadDouble(bytes, ref position));
            sketch.Count = ReadInt64(bytes, ref position);
            sketch.Sum = ReadDouble(bytes, ref position);
            sketch.Min = ReadDouble(bytes, ref position);
            sketch.Max = ReadDouble(bytes, ref position);
            sketch._zeroCount = ReadInt64(bytes, ref position);
            sketch._minIndex = BinaryPrimitives.ReadInt32LittleEndian(bytes[position..]);
            position += 4;
            int length = BinaryPrimitives.ReadInt32LittleEndian(bytes[position..]);
            position += 4;
            if (length < 0 || length > 1_000_000)
            {
                throw new FormatException($"Implausible bucket count {length} in quantile sketch.");
            }

            sketch._counts = new long[length];
            long total = sketch._zeroCount;
            for (int i = 0; i < length; i++)
            {
                ulong value = 0;
                int shift = 0;
                byte b;
                do
                {
                    b = bytes[position++];
                    value |= (ulong)(b & 0x7F) << shift;
                    shift += 7;
                }
                while ((b & 0x80) != 0 && shift < 64);
                sketch._counts[i] = (long)value;
                total += (long)value;
            }

            if (total != sketch.Count)
            {
                throw new FormatException("Quantile sketch bucket counts do not add up to its count.");
            }

            return sketch;
        }
        catch (IndexOutOfRangeException ex)
        {
            throw new FormatException("Quantile sketch bytes are truncated.", ex);
        }
        catch (ArgumentOutOfRangeException ex)
        {
            throw new FormatException("Quantile sketch bytes are truncated or invalid.", ex);
        }
    }

    private static void AddBuckets(Span<long> target, ReadOnlySpan<long> source)
    {
        int i = 0;
        if (Vector.IsHardwareAccelerated && target.Length >= Vector<long>.Count)
        {
            var targetVectors = MemoryMarshal.Cast<long, Vector<long>>(target);
            var sourceVectors = MemoryMarshal.Cast<long, Vector<long>>(source);
            for (int v = 0; v < targetVectors.Length; v++)
            {
                targetVectors[v] += sourceVectors[v];
            }

            i = targetVectors.Length * Vector<long>.Count;
        }

        for (; i < target.Length; i++)
        {
            target[i] += source[i];
        }
    }

    private void EnsureIndex(int index)
    {
        if (_counts.Length == 0)
        {
            _minIndex = index;
            _counts = new long[16];
            return;
        }

        if (index < _minIndex)
        {
            int grow = Math.Max(_minIndex - index, 16);
            var larger = new long[_counts.Length + grow];
            Array.Copy(_counts, 0, larger, grow, _counts.Length);
            _counts = larger;
            _minIndex -= grow;
        }
        else if (index - _minIndex >= _counts.Length)
        {
            Array.Resize(ref _counts, Math.Max(index - _minIndex + 1, _counts.Length * 2));
        }
    }

    private static void WriteDouble(byte[] buffer, ref int position, double value)
    {
        BinaryPrimitives.WriteDoubleLittleEndian(buffer.AsSpan(position), value);
        position += 8;
    }

    private static void WriteInt64(byte[] buffer, ref int position, long value)
    {
        BinaryPrimitives.WriteInt64LittleEndian(buffer.AsSpan(position), value);
        position += 8;
    }

    private static double ReadDouble(ReadOnlySpan<byte> bytes, ref int position)
    {
        double value = BinaryPrimitives.ReadDoubleLittleEndian(bytes[position..]);
        position += 8;
        return value;
    }

    private static long ReadInt64(ReadOnlySpan<byte> bytes, ref int position)
    {
        long value = BinaryPrimitives.ReadInt64LittleEndian(bytes[position..]);
        position += 8;
        return value;
    }
}
