using System.Text;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>Truncated and damaged shards end with one shard-level rejection, keep what was read before it, and no more.</summary>
public class ShardIntegrityTests
{
    private const int LineCount = 3000;

    private static readonly string[] Lines =
        [.. Enumerable.Range(0, LineCount).Select(i => LogLines.Line(requestId: "r" + i, output: "answer " + i + " " + new string('字', i % 97)))];

    private static readonly byte[] Plain = LogLines.Shard(Lines);
    private static readonly byte[] Compressed = LogLines.Gzip(Plain);

    public static TheoryData<string> Kinds() => [.. DamagedGzip.Kinds];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void Analyze_reports_one_shard_problem_and_keeps_the_lines_before_it(string kind)
    {
        var report = LogLines.Analyze(DamagedGzip.Make(Compressed, kind), name: kind + ".jsonl.gz").Build();

        var problem = Assert.Single(report.IncompleteShards);
        Assert.True(problem.ShardProblem);
        Assert.StartsWith(DamagedGzip.ExpectedReason(kind), problem.Reason, StringComparison.Ordinal);
        // The one rejection is the shard's: no garbage or cut-off line is rejected one by one.
        Assert.Equal(problem, Assert.Single(report.Rejects));
        Assert.Equal(1, report.Lines.Rejected);
        Assert.Equal(problem.Line, report.Lines.Accepted + 1);
        long expectedAccepted = kind switch
        {
            "header_only" => 0,
            "no_trailer" or "crc_flipped" or "length_flipped" => LineCount,
            _ => -1,
        };
        if (expectedAccepted >= 0)
        {
            Assert.Equal(expectedAccepted, report.Lines.Accepted);
        }
        else
        {
            Assert.InRange(report.Lines.Accepted, LineCount / 4, LineCount - 1);
        }
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public async Task The_detailed_reader_of_ingestion_agrees(string kind)
    {
        var damaged = DamagedGzip.Make(Compressed, kind);
        var entries = await LogLines.ReadDetailedAsync(damaged, name: kind + ".jsonl.gz");
        var report = LogLines.Analyze(damaged).Build();

        var rejected = Assert.Single(entries.OfType<RejectedEntry>());
        Assert.True(rejected.Rejection.ShardProblem);
        Assert.Equal(report.IncompleteShards[0].Reason, rejected.Rejection.Reason);
        Assert.Equal(report.Lines.Accepted, entries.OfType<AcceptedEntry>().Count());
    }

    [Fact]
    public void Damage_that_still_decodes_is_caught_by_the_checksum_and_makes_the_shard_incomplete()
    {
        // Flipped bits that zlib decodes as other symbols: only the member's CRC-32 reveals them, at its end, after
        // the lines decoded from them were read (documented in docs/cli.md).
        var damaged = (byte[])Compressed.Clone();
        for (int i = damaged.Length / 2; i < (damaged.Length / 2) + 40; i++)
        {
            damaged[i] ^= 0x5A;
        }

        var report = LogLines.Analyze(damaged).Build();

        var problem = Assert.Single(report.IncompleteShards);
        Assert.Matches("^(gzip CRC mismatch|corrupt gzip)", problem.Reason);
        Assert.Equal(problem, report.Rejects[^1]);
    }

    [Fact]
    public void Every_cut_point_is_detected()
    {
        var small = LogLines.Gzip(LogLines.Shard(Lines[..40]));
        for (int cut = 1; cut < small.Length; cut += Math.Max(1, small.Length / 97))
        {
            var report = LogLines.Analyze(small[..cut], name: "cut.jsonl.gz").Build();
            if (cut < 2)
            {
                continue; // one byte is not recognisable as gzip: a plain one-byte shard
            }

            Assert.True(report.IncompleteShards.Count == 1, $"cut at {cut} of {small.Length}: not reported");
            Assert.InRange(report.Lines.Accepted, 0, 40);
        }
    }

    [Fact]
    public void Complete_concatenated_and_empty_members_are_whole()
    {
        var twoMembers = Compressed.Concat(LogLines.Gzip([])).Concat(Compressed).ToArray();
        var report = LogLines.Analyze(twoMembers).Build();
        Assert.Empty(report.IncompleteShards);
        Assert.Equal(2 * LineCount, report.Lines.Accepted);
        Assert.Equal(0, report.Lines.Rejected);

        var empty = LogLines.Analyze(LogLines.Gzip([])).Build();
        Assert.Empty(empty.IncompleteShards);
        Assert.Equal(0, empty.Lines.Total);
    }

    [Fact]
    public void A_cut_in_the_second_member_keeps_the_first()
    {
        var twoMembers = Compressed.Concat(Compressed).ToArray();
        var report = LogLines.Analyze(twoMembers[..(Compressed.Length + (Compressed.Length / 2))]).Build();

        Assert.StartsWith("shard is truncated", Assert.Single(report.IncompleteShards).Reason, StringComparison.Ordinal);
        Assert.InRange(report.Lines.Accepted, LineCount + 1, (2 * LineCount) - 1);
        Assert.Equal(1, report.Lines.Rejected);
    }

    [Fact]
    public void A_plain_shard_cut_in_its_last_line_is_incomplete()
    {
        var cut = Plain[..(Plain.Length - 40)];
        var report = LogLines.Analyze(cut).Build();

        var problem = Assert.Single(report.IncompleteShards);
        Assert.StartsWith("shard is truncated: its last line has no newline and does not parse (invalid JSON", problem.Reason, StringComparison.Ordinal);
        Assert.Equal(LineCount, problem.Line);
        Assert.Equal(LineCount - 1, report.Lines.Accepted);
        Assert.Equal(problem, Assert.Single(report.Rejects));
    }

    [Fact]
    public void A_last_line_without_newline_that_parses_is_fine_and_a_broken_terminated_line_is_an_ordinary_reject()
    {
        var noFinalNewline = Encoding.UTF8.GetBytes(string.Join("\n", Lines[..3]));
        var whole = LogLines.Analyze(noFinalNewline).Build();
        Assert.Empty(whole.IncompleteShards);
        Assert.Equal(3, whole.Lines.Accepted);

        var brokenButTerminated = LogLines.Analyze(LogLines.Shard(Lines[0], "{\"broken")).Build();
        Assert.Empty(brokenButTerminated.IncompleteShards);
        Assert.False(Assert.Single(brokenButTerminated.Rejects).ShardProblem);
    }
}
