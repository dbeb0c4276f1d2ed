using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>
/// Workers hand in blocks in whatever order they finish them, and the worker that hands in the next one in order
/// merges it: the report must be the same whatever the number of workers, with everything that depends on order
/// (repeated inputs, runs of empty responses, the order of rejects, per-shard resets) as one worker gives it.
/// </summary>
public class ParallelMergeTests
{
    [Fact]
    public void Many_small_blocks_on_several_workers_give_the_report_one_worker_gives()
    {
        var shards = new[] { Shard("a.jsonl", seed: 1, lines: 3000), Shard("b.jsonl", seed: 2, lines: 1500), Shard("c.jsonl", seed: 3, lines: 2500) };
        string Run(int workers) => ReportJson.Serialize(
            new ShardAnalyzer(new AnalyzerOptions { Parallelism = workers, BlockBytes = 4096, MaxRejectsListed = 100_000 })
                .Analyze(shards, exactPercentiles: true)
                .Build());

        string one = Run(1);
        var report = new ShardAnalyzer(new AnalyzerOptions { Parallelism = 1, BlockBytes = 4096, MaxRejectsListed = 100_000 }).Analyze(shards, exactPercentiles: true).Build();
        Assert.True(report.Lines.Rejected > 50);
        Assert.True(report.Flags["repeated_input"] > 100);
        Assert.True(report.LongestEmptyRun >= 3);
        Assert.Equal(report.Rejects.OrderBy(r => r.Shard, StringComparer.Ordinal).ThenBy(r => r.Line).Select(r => (r.Shard, r.Line)), report.Rejects.Select(r => (r.Shard, r.Line)));

        for (int round = 0; round < 5; round++)
        {
            foreach (int workers in (int[])[2, 3, 5])
            {
                Assert.Equal(one, Run(workers));
            }
        }
    }

    [Fact]
    public void A_shard_that_fails_while_being_read_fails_the_analysis_on_any_number_of_workers()
    {
        var good = Shard("good.jsonl", seed: 4, lines: 2000);
        var failing = new ShardSource("failing.jsonl", () => new FailingStream(Lines(seed: 5, lines: 2000), failAfter: 50_000), null);
        foreach (int workers in (int[])[1, 2, 4])
        {
            var analyzer = new ShardAnalyzer(new AnalyzerOptions { Parallelism = workers, BlockBytes = 4096 });
            var error = Assert.Throws<IOException>(() => analyzer.Analyze([good, failing], exactPercentiles: true));
            Assert.Equal("disk gone", error.Message);
        }
    }

    private static ShardSource Shard(string name, int seed, int lines) => LogLines.Source(name, Lines(seed, lines));

    private static byte[] Lines(int seed, int lines)
    {
        // Repeated inputs (also across shards, where they must not count), runs of empty outputs across block
        // boundaries, broken and blank lines, hours that change.
        var random = new Random(seed);
        var text = new List<string>();
        for (int i = 0; i < lines; i++)
        {
            int kind = random.Next(100);
            text.Add(kind switch
            {
                < 3 => "{broken " + i,
                < 5 => "   ",
                _ => LogLines.Line(
                    input: random.Next(10) == 0 ? "same question " + random.Next(20) : $"question {seed} {i}",
                    output: random.Next(6) == 0 ? "" : "answer " + i,
                    timestamp: LogLines.Hour0 + (i * 5),
                    requestId: $"r{seed}-{i}"),
            });
        }

        return LogLines.Shard([.. text]);
    }

    private sealed class FailingStream(byte[] content, int failAfter) : MemoryStream(content)
    {
        // MemoryStream's span overload calls this one for derived types: overriding this one covers both.
        public override int Read(byte[] buffer, int offset, int count)
        {
            if (Position >= failAfter)
            {
                throw new IOException("disk gone");
            }

            return base.Read(buffer, offset, Math.Min(count, failAfter - (int)Position));
        }
    }
}
