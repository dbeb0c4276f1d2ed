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
