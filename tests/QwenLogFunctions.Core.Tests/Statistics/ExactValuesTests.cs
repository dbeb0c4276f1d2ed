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
