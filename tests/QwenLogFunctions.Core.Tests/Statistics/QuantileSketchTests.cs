using CsCheck;
using QwenLogFunctions.Core.Statistics;

namespace QwenLogFunctions.Core.Tests.Statistics;

public class QuantileSketchTests
{
    private static readonly double[] Quantiles = [0, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1];

    public static TheoryData<string> Distributions => ["lognormal", "pareto", "bimodal", "constant", "with-zeros"];

    [Theory]
    [MemberData(nameof(Distributions))]
    public void Every_quantile_is_within_one_percent_of_the_exact_value(string distribution)
    {
        var values = Generate(distribution, 200_000, seed: 7);
        var sketch = new QuantileSketch();
        var exact = new ExactValues();
        foreach (double v in values)
        {
            sketch.Add(v);
            exact.Add(v);
        }

        foreach (double q in Quantiles)
        {
            double truth = exact.Percentile(q)!.Value;
            double estimate = sketch.Quantile(q)!.Value;
            Assert.True(Math.Abs(estimate - truth) <= 0.01 * truth + 1e-9, $"{distribution} q={q}: {estimate} vs {truth}");
        }
    }

    [Fact]
    public void Merging_sketches_in_any_grouping_counts_every_bucket_as_one_sketch_of_all_values_does()
    {
        // Values far apart (sub-millisecond to hours, zeros) so merges grow the bucket array at both ends.
        var value = Gen.OneOf(Gen.Double[0, 1], Gen.Double[1, 100_000], Gen.Const(0.0), Gen.Double[1e-6, 1e-3]);
        Gen.Select(value.Array[0, 60], value.Array[0, 60], value.Array[0, 60]).Sample((a, b, c) =>
        {
            var all = new QuantileSketch();
            var merged = new QuantileSketch();
            foreach (var part in new[] { a, b, c })
            {
                var sketch = new QuantileSketch();
                foreach (double v in part)
                {
                    sketch.Add(v);
                    all.Add(v);
                }

                merged.Merge(sketch);
            }

            Assert.Equal(all.Count, merged.Count);
            Assert.Equal(all.BucketCount, merged.BucketCount);
            foreach (double q in Quantiles)
            {
                Assert.Equal(all.Quantile(q), merged.Quantile(q));
            }

            // Serialized buckets are the same; only the running sum may differ in its last bits (addition order).
            var expected = QuantileSketch.FromBytes(all.ToBytes());
            var actual = QuantileSketch.FromBytes(merged.ToBytes());
            Assert.Equal(expected.BucketCount, actual.BucketCount);
        });
    }

    [Fact]
    public void Merged_hourly_sketches_answer_like_one_sketch_of_the_day()
    {
        var day = new QuantileSketch();
        var merged = new QuantileSketch();
        var exact = new ExactValues();
        for (int hour = 0; hour < 24; hour++)
        {
            // Skewed hours: a slow incident in hour 13, so the day's P95 is far from the mean of hourly P95s.
            var values = Generate(hour == 13 ? "pareto" : "lognormal", 5_000 + (hour * 300), seed: hour);
            var hourly = new QuantileSketch();
            foreach (double v in values)
            {
                hourly.Add(v);
                day.Add(v);
                exact.Add(v);
            }

            merged.Merge(QuantileSketch.FromBytes(hourly.ToBytes()));
        }

        Assert.Equal(day.Count, merged.Count);
        foreach (double q in Quantiles)
        {
            Assert.Equal(day.Quantile(q), merged.Quantile(q));
            double truth = exact.Percentile(q)!.Value;
            Assert.True(Math.Abs(merged.Quantile(q)!.Value - truth) <= 0.01 * truth + 1e-9);
        }
    }

    [Fact]
    public void Serialization_round_trips_and_rejects_garbage()
    {
        var sketch = new QuantileSketch();
        foreach (double v in Generate("lognormal", 10_000, 3))
        {
            sketch.Add(v);
        }

        var copy = QuantileSketch.FromBytes(sketch.ToBytes());
        Assert.Equal(sketch.Count, copy.Count);
        Assert.Equal(sketch.Sum, copy.Sum);
        Assert.Equal(sketch.Quantile(0.95), copy.Quantile(0.95));
        Assert.True(sketch.ToBytes().Length < 4096);

        Assert.Throws<FormatException>(() => QuantileSketch.FromBytes([9, 1, 2]));
        var truncated = sketch.ToBytes().AsSpan(0, 20).ToArray();
        Assert.Throws<FormatException>(() => QuantileSketch.FromBytes(truncated));
    }

    [Fact]
    public void Empty_sketch_has_no_quantiles_and_refuses_bad_values()
    {
        var sketch = new QuantileSketch();
        Assert.Null(sketch.Quantile(0.5));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(-1));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(double.NaN));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(double.PositiveInfinity));
        Assert.Null(QuantileSketch.FromBytes(sketch.ToBytes()).Quantile(0.5));
    }

    internal static double[] Generate(string distribution, int count, int seed)
    {
        var random = new Random(seed);
        var values = new double[count];
        for (int i = 0; i < count; i++)
        {
            values[i] = distribution switch
            {
                "lognormal" => Math.Exp(7 + (0.8 * Normal(random))),
                "pareto" => 200 / Math.Pow(1 - random.NextDouble(), 1 / 1.2),
                "bimodal" => random.NextDouble() < 0.9 ? 300 + (random.NextDouble() * 50) : 30_000 + (random.NextDouble() * 5000),
                "constant" => 1150,
                _ => random.NextDouble() < 0.2 ? 0 : random.NextDouble() * 1000,
            };
        }

        return values;
    }

    private static double Normal(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());

    [Fact]
    public void A_sketch_of_moments_only_keeps_the_same_count_sum_minimum_and_maximum_and_refuses_quantiles()
    {
        var full = new QuantileSketch();
        var moments = QuantileSketch.MomentsOnly();
        var random = new Random(7);
        for (int i = 0; i < 10_000; i++)
        {
            double value = i % 100 == 0 ? 0 : random.NextDouble() * 1e4;
            full.Add(value);
            moments.Add(value);
        }

        Assert.True(full.KeepsBuckets);
        Assert.False(moments.KeepsBuckets);
        Assert.Equal((full.Count, full.Sum, full.Min, full.Max), (moments.Count, moments.Sum, moments.Min, moments.Max));
        Assert.Equal(0, moments.BucketCount);
        Assert.Throws<InvalidOperationException>(() => moments.Quantile(0.5));
        Assert.Throws<InvalidOperationException>(() => moments.ToBytes());

        // A full sketch merges into a moments-only one (its moments add); the other way round would lose the buckets.
        var merged = moments.Clone();
        merged.Merge(full);
        Assert.False(merged.KeepsBuckets);
        Assert.Equal((full.Count * 2, full.Max), (merged.Count, merged.Max));
        Assert.Throws<InvalidOperationException>(() => new QuantileSketch().Merge(moments));
        new QuantileSketch().Merge(QuantileSketch.MomentsOnly()); // an empty one has nothing to lose
    }
}
