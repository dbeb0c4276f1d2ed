namespace QwenLogFunctions.Core.Statistics;

/// <summary>
/// All values of one measure, kept to compute exact percentiles with the article's definition:
/// the value at index floor(p·n) of the ascending values (Python: <c>sorted(v)[int(p * len(v))]</c>).
/// Costs 8 bytes per value. Values live in chunks that grow from 256 to 64K values, so there is no copy-on-grow
/// peak and a small group (an hour with few requests) wastes little.
/// </summary>
public sealed class ExactValues
{
    private const int FirstChunk = 256;
    private const int MaxChunk = 64 * 1024;

    private readonly List<double[]> _chunks = [];
    private int _lastCount;
    private double[]? _sorted;

    /// <summary>Number of values.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a value.</summary>
    public void Add(double value)
    {
        if (_chunks.Count == 0 || _lastCount == _chunks[^1].Length)
        {
            _chunks.Add(new double[_chunks.Count == 0 ? FirstChunk : Math.Min(_chunks[^1].Length * 2, MaxChunk)]);
            _lastCount = 0;
        }

        _chunks[^1][_lastCount++] = value;
        Count++;
        _sorted = null;
    }

    /// <summary>Adds all values of another set.</summary>
    public void AddRange(ExactValues other)
    {
        ArgumentNullException.ThrowIfNull(other);
        for (int i = 0; i < other._chunks.Count; i++)
        {
            int length = i == other._chunks.Count - 1 ? other._lastCount : other._chunks[i].Length;
            for (int j = 0; j < length; j++)
            {
                Add(other._chunks[i][j]);
            }
        }
    }

    /// <summary>The article's percentile: sorted[(int)(p · n)]; null when empty.</summary>
    public double? Percentile(double p)
    {
        if (Count == 0)
        {
            return null;
        }

        var sorted = Sorted();

        // Same double arithmetic and truncation as Python's int(0.95 * len(values)).
        int index = Math.Min((int)(p * Count), Count - 1);
        return sorted[index];
    }

    /// <summary>The article's percentiles for several p at once (sorts once, then frees the sorted copy).</summary>
    public double?[] Percentiles(params ReadOnlySpan<double> ps)
    {
        var result = new double?[ps.Length];
        for (int i = 0; i < ps.Length; i++)
        {
            result[i] = Percentile(ps[i]);
        }

        _sorted = null;
        return result;
    }

    /// <summary>Copies the values (unsorted) into <paramref name="destination"/>; returns how many.</summary>
    public int CopyTo(Span<double> destination)
    {
        int offset = 0;
        for (int i = 0; i < _chunks.Count; i++)
        {
            int length = i == _chunks.Count - 1 ? _lastCount : _chunks[i].Length;
            _chunks[i].AsSpan(0, length).CopyTo(destination[offset..]);
            offset += length;
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

        double[] buffer = System.Buffers.ArrayPool<double>.Shared.Rent(count);
        try
        {
            int offset = 0;
            foreach (var part in parts)
            {
                offset += part.CopyTo(buffer.AsSpan(offset));
            }

            Array.Sort(buffer, 0, count);
            for (int i = 0; i < ps.Length; i++)
            {
                // Same double arithmetic and truncation as Python's int(0.95 * len(values)).
                result[i] = buffer[Math.Min((int)(ps[i] * count), count - 1)];
            }

            return result;
        }
        finally
        {
            System.Buffers.ArrayPool<double>.Shared.Return(buffer);
        }
    }

    private double[] Sorted()
    {
        if (_sorted is null)
        {
            _sorted = new double[Count];
            int offset = 0;
            for (int i = 0; i < _chunks.Count; i++)
            {
                int length = i == _chunks.Count - 1 ? _lastCount : _chunks[i].Length;
                Array.Copy(_chunks[i], 0, _sorted, offset, length);
                offset += length;
            }

            Array.Sort(_sorted);
        }

        return _sorted;
    }
}
