using System.Buffers.Binary;
using System.Numerics;

namespace QwenLogFunctions.Core.Statistics;

/// <summary>
/// The seconds in which a GPU served at least one request, per UTC hour: one bit per second, 3,600 bits (450 bytes)
/// per hour. The union of overlapping requests is a bitwise OR, so partials of any number of shards merge exactly
/// and in any order; an interval crossing an hour boundary sets bits in both hours.
/// </summary>
public sealed class GpuOccupancy
{
    /// <summary>Seconds per hour, bits per map.</summary>
    public const int SecondsPerHour = 3600;

    private const int Words = (SecondsPerHour + 63) / 64;
    private readonly SortedDictionary<long, ulong[]> _hours = [];

    /// <summary>Hours (epoch seconds of their start) with at least one busy second.</summary>
    public IEnumerable<long> Hours => _hours.Keys;

    /// <summary>Whether no second is busy.</summary>
    public bool IsEmpty => _hours.Count == 0;

    /// <summary>Marks the seconds [<paramref name="startSecond"/>, <paramref name="endSecond"/>) (epoch seconds) busy.</summary>
    public void Mark(long startSecond, long endSecond)
    {
        for (long second = startSecond; second < endSecond;)
        {
            long hour = second - (((second % SecondsPerHour) + SecondsPerHour) % SecondsPerHour);
            long stop = Math.Min(endSecond, hour + SecondsPerHour);
            var bits = MapOf(hour);
            for (int bit = (int)(second - hour), last = (int)(stop - hour); bit < last; bit++)
            {
                bits[bit >> 6] |= 1UL << (bit & 63);
            }

            second = stop;
        }
    }

    /// <summary>Busy seconds in the hour starting at <paramref name="hourStart"/>.</summary>
    public int BusySeconds(long hourStart)
    {
        if (!_hours.TryGetValue(hourStart, out var bits))
        {
            return 0;
        }

        int count = 0;
        foreach (ulong word in bits)
        {
            count += BitOperations.PopCount(word);
        }

        return count;
    }

    /// <summary>Adds every busy second of <paramref name="other"/> (set union).</summary>
    public void Merge(GpuOccupancy other)
    {
        ArgumentNullException.ThrowIfNull(other);
        foreach (var (hour, bits) in other._hours)
        {
            var target = MapOf(hour);
            for (int i = 0; i < Words; i++)
            {
                target[i] |= bits[i];
            }
        }
    }

    /// <summary>Bytes written by <see cref="WriteTo"/>.</summary>
    public int ByteCount => 4 + (_hours.Count * (8 + (Words * 8)));

    /// <summary>Writes hour count, then per hour its start and bit words, little-endian.</summary>
    public void WriteTo(BinaryWriter writer)
    {
        ArgumentNullException.ThrowIfNull(writer);
        writer.Write(_hours.Count);
        foreach (var (hour, bits) in _hours)
        {
            writer.Write(hour);
            foreach (ulong word in bits)
            {
                writer.Write(word);
            }
        }
    }

    /// <summary>Reads what <see cref="WriteTo"/> wrote, advancing <paramref name="position"/>.</summary>
    public static GpuOccupancy Read(ReadOnlySpan<byte> bytes, ref int position)
    {
        var result = new GpuOccupancy();
        int count = BinaryPrimitives.ReadInt32LittleEndian(bytes[position..]);
        position += 4;
        if (count < 0 || count > (bytes.Length - position) / (8 + (Words * 8)))
        {
            throw new FormatException("Occupancy map count is invalid.");
        }

        for (int h = 0; h < count; h++)
        {
            long hour = BinaryPrimitives.ReadInt64LittleEndian(bytes[position..]);
            position += 8;
            var bits = result.MapOf(hour);
            for (int i = 0; i < Words; i++)
            {
                bits[i] = BinaryPrimitives.ReadUInt64LittleEndian(bytes[position..]);
                position += 8;
            }
        }

        return result;
    }

    private ulong[] MapOf(long hour)
    {
        if (!_hours.TryGetValue(hour, out var bits))
        {
            bits = new ulong[Words];
            _hours[hour] = bits;
        }

        return bits;
    }
}
