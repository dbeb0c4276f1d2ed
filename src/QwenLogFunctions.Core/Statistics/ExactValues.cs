namespace QwenLogFunctions.Core.Statistics;

/// <summary>
/// All values of one measure, kept to compute exact percentiles with the article's definition:
/// the value at index floor(p·n) of the ascending values (Python: <c>sorted(v)[int(p * len(v))]</c>).
/// Costs 8 bytes per value.
/// </summary>
public sealed class ExactValues
{
    private double[] _values = new double[64];
    private bool _sorted = true;

    /// <summary>Number of values.</summary>
    public int Count { get; private set; }

    /// <summary>Adds a value.</summary>
    public void Add(double value)
    {
        if (Count == _values.Length)
        {
            Array.Resize(ref _values, _values.Length * 2);
        }

        _values[Count++] = value;
        _sorted = false;
    }

    /// <summary>Adds all values of another set.</summary>
    public void AddRange(ExactValues other)
    {
        ArgumentNullException.ThrowIfNull(other);
        if (Count + other.Count > _values.Length)
        {
            Array.Resize(ref _values, Math.Max(_values.Length * 2, Count + other.Count));
        }

        Array.Copy(other._values, 0, _values, Count, other.Count);
        Count += other.Count;
        _sorted = false;
    }

    /// <summary>The article's percentile: sorted[(int)(p · n)]; null when empty.</summary>
    public double? Percentile(double p)
    {
        if (Count == 0)
        {
            return null;
        }

        if (!_sorted)
        {
            Array.Sort(_values, 0, Count);
            _sorted = true;
        }

        // Same double arithmetic and truncation as Python's int(0.95 * len(values)).
        int index = Math.Min((int)(p * Count), Count - 1);
        return _values[index];
    }
}
