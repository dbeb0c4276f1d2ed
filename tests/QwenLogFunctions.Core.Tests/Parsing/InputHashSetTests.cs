using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

public class InputHashSetTests
{
    [Fact]
    public void Behaves_like_a_hash_set_through_many_growths()
    {
        var set = new InputHashSet();
        var reference = new HashSet<ulong>();
        var random = new Random(3);
        for (int i = 0; i < 300_000; i++)
        {
            // Many repeats, and hashes that share partitions and low bits.
            ulong hash = i % 3 == 0 ? (ulong)random.Next(1, 5000) << 40 : (ulong)random.NextInt64(1, long.MaxValue) | 1;
            Assert.Equal(reference.Add(hash), set.Add(hash));
        }

        set.Clear();
        Assert.True(set.Add(1UL << 40));
    }
}

/// <summary>Prefetching reads only: adds after it behave as without it.</summary>
public class InputHashSetPrefetchTests
{
    [Fact]
    public void Prefetching_changes_no_answer()
    {
        var random = new Random(7);
        var hashes = Enumerable.Range(0, 50_000).Select(_ => (ulong)random.NextInt64(1, 40_000) * 0x9E3779B97F4A7C15UL | 1).ToArray();
        var plain = new InputHashSet();
        var prefetching = new InputHashSet();
        foreach (var block in hashes.Chunk(1700))
        {
            prefetching.Prefetch(block);
            foreach (ulong hash in block)
            {
                Assert.Equal(plain.Add(hash), prefetching.Add(hash));
            }
        }
    }
}
