using System.Globalization;
using QwenLogFunctions.Core.Audit;

namespace QwenLogFunctions.Core.Tests.Audit;

public sealed class AuditSamplerTests
{
    private static readonly string[] Ids = [.. Enumerable.Range(0, 100_000).Select(i => "req-" + i.ToString("D6", CultureInfo.InvariantCulture))];

    [Fact]
    public void One_percent_of_100000_ids_is_close_to_1000_and_the_same_every_time()
    {
        var first = new AuditSampler(0.01).Sample(Ids, id => id).ToList();
        var second = new AuditSampler(0.01).Sample(Ids, id => id).ToList();

        // Binomial(100000, 0.01): mean 1000, standard deviation about 31.5; four of them either side.
        Assert.InRange(first.Count, 874, 1126);
        Assert.Equal(first, second);
        // The same rule computed independently in Python (hashlib.sha256, first 8 bytes big-endian) selects 943 of these ids.
        Assert.Equal(943, first.Count);
    }

    [Theory]
    [InlineData("req-000001", 8793907590986641948UL)]
    [InlineData("请求-42", 10412474106509483409UL)]
    [InlineData("", 16406829232824261652UL)]
    public void The_hash_is_the_first_eight_bytes_of_sha256_big_endian(string id, ulong expected) =>
        Assert.Equal(expected, AuditSampler.Hash(id));

    [Fact]
    public void A_lower_rate_samples_a_subset_of_a_higher_rate()
    {
        var small = new AuditSampler(0.002).Sample(Ids, id => id).ToHashSet(StringComparer.Ordinal);
        var large = new AuditSampler(0.01).Sample(Ids, id => id).ToHashSet(StringComparer.Ordinal);

        Assert.NotEmpty(small);
        Assert.True(small.IsProperSubsetOf(large));
    }

    [Fact]
    public void Rate_one_includes_everything()
    {
        var sampler = new AuditSampler(1);
        Assert.All(Ids.Take(1000), id => Assert.True(sampler.Includes(id)));
    }

    [Fact]
    public void Long_ids_hash_like_short_ones()
    {
        string id = new('长', 2000);
        Assert.Equal(AuditSampler.Hash(id), AuditSampler.Hash(new string('长', 2000)));
        Assert.NotEqual(AuditSampler.Hash(id), AuditSampler.Hash(id + "x"));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-0.01)]
    [InlineData(1.0001)]
    [InlineData(double.NaN)]
    [InlineData(double.PositiveInfinity)]
    public void Rates_outside_zero_to_one_are_refused(double rate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new AuditSampler(rate));
        Assert.Contains("greater than 0 and at most 1", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(null, true, 0.01)]
    [InlineData("", true, 0.01)]
    [InlineData("0.05", true, 0.05)]
    [InlineData("1", true, 1.0)]
    [InlineData("1e-3", true, 0.001)]
    [InlineData("0,05", false, 0)]
    [InlineData("abc", false, 0)]
    [InlineData("2", false, 0)]
    [InlineData("0", false, 0)]
    public void Rates_are_parsed_from_query_text(string? text, bool ok, double expected)
    {
        bool parsed = AuditSampler.TryParseRate(text, out double rate, out string? error);

        Assert.Equal(ok, parsed);
        if (ok)
        {
            Assert.Equal(expected, rate);
            Assert.Null(error);
        }
        else
        {
            Assert.False(string.IsNullOrEmpty(error));
        }
    }
}
