using System.Text;
using CsCheck;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>
/// The LF offsets recorded when a block is read against a plain search for every LF, and the lines cut at them
/// against the lines cut by searching: the same offsets, the same count, the same lines with the same numbers, for
/// blocks of any mix of text, CR LF, runs of empty lines and long lines, with or without a last line lacking its LF.
/// </summary>
public class LineEndFinderTests
{
    private static readonly Gen<byte[]> Blocks = Gen.Frequency(
            (4, Gen.Char['a', 'z'].Array[0, 90].Select(chars => Encoding.UTF8.GetBytes(new string(chars)))),
            (3, Gen.Const("\n"u8.ToArray())),
            (1, Gen.Const("\r\n"u8.ToArray())),
            (1, Gen.Int[1, 70].Select(n => Enumerable.Repeat((byte)'\n', n).ToArray())),
            (1, Gen.Const(Encoding.UTF8.GetBytes("下面是项目周报：\n"))),
            (1, Gen.Byte.Array[0, 40]))
        .Array[0, 60]
        .Select(parts => parts.SelectMany(part => part).ToArray());

    [Fact]
    public void Records_every_LF_and_counts_them()
    {
        Blocks.Sample(block =>
        {
            int recorded = LineEndFinder.Find(block, out int[]? ends, out long total);
            var expected = Enumerable.Range(0, block.Length).Where(i => block[i] == (byte)'\n').ToArray();
            Assert.Equal(expected.Length, total);
            Assert.Equal(expected, (ends ?? []).AsSpan(0, recorded).ToArray());
        }, iter: 3_000);
    }

    [Fact]
    public void Lines_cut_at_the_recorded_ends_are_the_lines_cut_by_searching()
    {
        Gen.Select(Blocks, Gen.Bool, Gen.Int[0, 5]).Sample((block, unterminated, drop) =>
        {
            // All recorded offsets, or only the first ones (as when a block has more LFs than are recorded).
            int recorded = LineEndFinder.Find(block, out int[]? ends, out _);
            var prefix = (ends ?? []).AsSpan(0, Math.Max(0, recorded - drop));
            Assert.Equal(Lines(new ChunkLines(block, [], 7, unterminated)), Lines(new ChunkLines(block, prefix, 7, unterminated)));
        }, iter: 3_000);
    }

    [Fact]
    public void Past_the_most_it_records_it_counts_and_the_lines_are_found_by_searching()
    {
        var block = new byte[(LineEndFinder.MaxRecorded * 2) + 100];
        for (int i = 0; i < block.Length; i += 2)
        {
            block[i] = (byte)'x';
            block[i + 1] = (byte)'\n';
        }

        int recorded = LineEndFinder.Find(block, out int[]? ends, out long total);
        Assert.Equal(LineEndFinder.MaxRecorded, recorded);
        Assert.Equal(block.Length / 2, total);
        Assert.Equal(Lines(new ChunkLines(block, [], 1, false)), Lines(new ChunkLines(block, ends.AsSpan(0, recorded), 1, false)));
    }

    private static List<(string Text, long Number, bool Last)> Lines(ChunkLines lines)
    {
        var result = new List<(string, long, bool)>();
        foreach (var line in lines)
        {
            result.Add((Convert.ToHexString(line.Text), line.Number, line.IsUnterminatedLast));
        }

        return result;
    }
}
