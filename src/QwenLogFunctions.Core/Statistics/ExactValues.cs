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

    private List<float[]>? _floats = [];
    private List<double[]>? _doubles;
    private int _lastCount;
    private double[]? _sorted;

    /// <summary>Number of values.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a value.</summary>
    public void Add(double value)
    {
        _sorted = null;
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
    public double? Percentile(double p)
    {
        if (Count == 0)
        {
            return null;
        }

        if (_sorted is null)
        {
            _sorted = new double[Count];
            CopyTo(_sorted);
            Array.Sort(_sorted);
        }

        // Same double arithmetic and truncation as Python's int(0.95 * len(values)).
        return _sorted[Math.Min((int)(p * Count), Count - 1)];
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
