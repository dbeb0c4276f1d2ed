using CsCheck;
using QwenLogFunctions.Core.Statistics;

namespace QwenLogFunctions.Core.Tests.Statistics;

public class ExactValuesTests
{
    [Theory]
    [InlineData(1, 0)]
    [InlineData(31, 1)]
    [InlineData(1000, 2)]
    [InlineData(100_000, 3)]
    public void Selected_ranks_equal_the_ranks_of_the_sorted_values(int count, int seed)
    {
        // Few distinct values (many ties, as whole milliseconds are), a sorted run (a bad case for naive pivots), NaN.
        var random = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = (i % 7) switch
            {
                0 => random.Next(0, 5),
                1 => i,
                2 => i % 97 == 0 ? double.NaN : random.NextDouble() * 1e4,
                3 => -random.Next(0, 1000),
                _ => random.Next(0, 100_000),
            };
        }

        double[] ps = [0.99, 0, 0.5, 0.95, 1, 0.5, 0.001, 0.999];
        var sorted = (double[])values.Clone();
        Array.Sort(sorted);
        var selected = new double?[ps.Length];
        ExactValues.SelectRanks((double[])values.Clone(), ps, selected);
        for (int i = 0; i < ps.Length; i++)
        {
            Assert.Equal(sorted[Math.Min((int)(ps[i] * count), count - 1)], selected[i]);
        }
    }

    [Fact]
    public void Values_that_need_doubles_switch_the_set_without_losing_earlier_ones()
    {
        var values = new ExactValues();
        var expected = new List<double>();
        for (int i = 0; i < 1000; i++)
        {
            values.Add(i);
            expected.Add(i);
        }

        values.Add(1150.37); // not a float: from here on doubles
        expected.Add(1150.37);
        for (int i = 0; i < 1000; i++)
        {
            values.Add(2000 + (i * 0.1));
            expected.Add(2000 + (i * 0.1));
        }

        expected.Sort();
        foreach (double p in new[] { 0, 0.5, 0.95, 0.99, 1 })
        {
            Assert.Equal(expected[Math.Min((int)(p * expected.Count), expected.Count - 1)], values.Percentile(p));
        }
    }

    [Fact]
    public void The_union_of_float_and_double_sets_has_exact_percentiles()
    {
        var whole = new List<double>();
        var floats = new ExactValues();
        var doubles = new ExactValues();
        var random = new Random(5);
        for (int i = 0; i < 70_000; i++)
        {
            double a = random.Next(1, 100_000), b = random.NextDouble() * 1e5;
            floats.Add(a);
            doubles.Add(b);
            whole.Add(a);
            whole.Add(b);
        }

        whole.Sort();
        var p = ExactValues.PercentilesOf([floats, doubles], 0.5, 0.95, 0.99);
        Assert.Equal(whole[(int)(0.5 * whole.Count)], p[0]);
        Assert.Equal(whole[(int)(0.95 * whole.Count)], p[1]);
        Assert.Equal(whole[(int)(0.99 * whole.Count)], p[2]);

        var merged = new ExactValues();
        merged.AddRange(floats);
        merged.AddRange(doubles);
        Assert.Equal(whole.Count, merged.Count);
        Assert.Equal(whole[(int)(0.95 * whole.Count)], merged.Percentile(0.95));
        Assert.Equal([null, null], ExactValues.PercentilesOf([new ExactValues()], 0.5, 0.9));
    }
}

/// <summary>
/// Percentiles of large sets (the histogram selection) against sorting the union: sets of floats and of doubles,
/// several parts, ties, NaN, ±0, infinities, negative values, values packed into one histogram bucket, and sizes on
/// both sides of the point where the histogram takes over.
/// </summary>
public class ExactValuesPropertyTests
{
    private static readonly double[] Specials =
        [double.NaN, -0.0, 0.0, double.PositiveInfinity, double.NegativeInfinity, double.Epsilon, -double.Epsilon, double.MaxValue, double.MinValue, 1.5e-310];

    /// <summary>A part: a seed, a size and whether its values are whole milliseconds (kept as floats).</summary>
    private static readonly Gen<(int Seed, int Size, bool Whole)> Part =
        Gen.Select(Gen.Int, Gen.Frequency((3, Gen.Int[0, 70_000]), (1, Gen.Int[0, 40])), Gen.Bool);

    [Fact]
    public void Percentiles_of_large_sets_equal_the_sorted_ranks()
    {
        Gen.Select(Part.Array[1, 4], Gen.Double[0, 1].Array[1, 5]).Sample(
            (parts, ps) =>
            {
                var sets = new List<ExactValues>();
                var all = new List<double>();
                foreach (var (seed, size, whole) in parts)
                {
                    var set = new ExactValues();
                    var random = new Random(seed);
                    for (int i = 0; i < size; i++)
                    {
                        double value = Next(random);
                        double stored = whole && !double.IsNaN(value) && !double.IsInfinity(value) ? Math.Round(value) : value;
                        set.Add(stored);
                        all.Add(stored);
                    }

                    sets.Add(set);
                }

                double[] sorted = [.. all];
                Array.Sort(sorted);
                var selected = ExactValues.PercentilesOf(sets, [.. ps]);
                for (int i = 0; i < ps.Length; i++)
                {
                    double? expected = sorted.Length == 0 ? null : sorted[Math.Min((int)(ps[i] * sorted.Length), sorted.Length - 1)];
                    Assert.Equal(expected, selected[i]);
                }
            },
            iter: 60);
    }

    [Theory]
    [InlineData(1.0, 1000.0)]
    [InlineData(-0.0, 0.0)]
    [InlineData(double.NegativeInfinity, double.MinValue)]
    [InlineData(1024.0, 1025.0)]
    public void A_rank_on_the_first_value_of_the_next_group_is_that_value(double low, double high)
    {
        // 20,000 lows, then highs: rank 20,000 is the first high (the first value past a histogram bucket when the
        // two lie in different buckets), rank 19,999 the last low.
        var set = new ExactValues();
        for (int i = 0; i < 50_000; i++)
        {
            set.Add(i % 5 < 2 ? low : high);
        }

        var p = ExactValues.PercentilesOf([set], 19_999.5 / 50_000, 20_000.5 / 50_000, 0, 1);
        Assert.Equal([low, high, low, high], p);
        Assert.Equal(BitConverter.DoubleToInt64Bits(high), BitConverter.DoubleToInt64Bits(p[1]!.Value));
    }

    /// <summary>Whole milliseconds, fractional ones, values packed into one bucket (same exponent and top mantissa bits), negative ones and specials.</summary>
    private static double Next(Random random) => random.Next(12) switch
    {
        < 6 => random.Next(0, 20_000),
        < 9 => random.NextDouble() * 1e5,
        9 => 1024 + random.Next(0, 64),
        10 => (random.NextDouble() - 0.5) * 2e6,
        _ => Specials[random.Next(Specials.Length)],
    };
}
