namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// The set of input hashes seen in a shard, for the repeated_input flag. Open addressing in 256 independently growing
/// partitions of bare 64-bit slots: about 11–16 bytes per distinct input, where HashSet&lt;ulong&gt; takes about 21 and
/// doubles it while resizing. Partitioning keeps each resize small, so a shard of millions of prompts never needs
/// one huge new table. Hash 0 is reserved for "empty slot" (callers never pass it).
/// </summary>
internal sealed class InputHashSet
{
    private const int PartitionBits = 8;
    private const int InitialSlots = 64;

    private readonly ulong[][] _slots = new ulong[1 << PartitionBits][];
    private readonly int[] _counts = new int[1 << PartitionBits];

    /// <summary>Adds <paramref name="hash"/> (non-zero); false when it was already present.</summary>
    public bool Add(ulong hash)
    {
        int partition = (int)(hash >> (64 - PartitionBits));
        var slots = _slots[partition] ??= new ulong[InitialSlots];
        if ((_counts[partition] + 1) * 4 > slots.Length * 3)
        {
            slots = _slots[partition] = Grow(slots);
        }

        int mask = slots.Length - 1;
        for (int i = (int)hash & mask; ; i = (i + 1) & mask)
        {
            ulong existing = slots[i];
            if (existing == hash)
            {
                return false;
            }

            if (existing == 0)
            {
                slots[i] = hash;
                _counts[partition]++;
                return true;
            }
        }
    }

    /// <summary>
    /// Reads the slot at which each hash's probe will start, and returns a value made of them so the reads are kept.
    /// </summary>
    /// <remarks>
    /// A million inputs fill tens of MB of slots, so nearly every <see cref="Add"/> waits for memory, one miss after
    /// another. These reads do not depend on each other: the processor overlaps their misses, and the adds that
    /// follow for the same block find the slots in cache. The merging thread calls this once per block.
    /// </remarks>
    public ulong Prefetch(ReadOnlySpan<ulong> hashes)
    {
        ulong sink = 0;
        foreach (ulong hash in hashes)
        {
            if (_slots[(int)(hash >> (64 - PartitionBits))] is { } slots)
            {
                sink ^= slots[(int)hash & (slots.Length - 1)];
            }
        }

        return sink;
    }

    /// <summary>Forgets everything (a new shard starts).</summary>
    public void Clear()
    {
        Array.Clear(_slots);
        Array.Clear(_counts);
    }

    private static ulong[] Grow(ulong[] slots)
    {
        var larger = new ulong[slots.Length * 2];
        int mask = larger.Length - 1;
        foreach (ulong hash in slots)
        {
            if (hash != 0)
            {
                int i = (int)hash & mask;
                while (larger[i] != 0)
                {
                    i = (i + 1) & mask;
                }

                larger[i] = hash;
            }
        }

        return larger;
    }
}
