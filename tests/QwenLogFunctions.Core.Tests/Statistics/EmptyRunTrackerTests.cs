using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Statistics;

/// <summary>Runs of consecutive empty responses, as analyze reports them (longest_empty_run) and the alert rule judges them.</summary>
public class EmptyRunTrackerTests
{
    [Fact]
    public void Analyze_reports_the_longest_run_within_one_shard_and_runs_do_not_join_across_shards()
    {
        // Shard a: runs of 3 and 2 (the 2 at its end); shard b: 2 at its start. Joined across shards it would be 4.
        string[] a = [.. Outputs("x", "", "", "", "x", "x", "", "")];
        string[] b = [.. Outputs("", "", "x")];
        var shards = new[] { LogLines.Source("a.jsonl", LogLines.Shard(a)), LogLines.Source("b.jsonl", LogLines.Shard(b)) };

        var report = new ShardAnalyzer(new AnalyzerOptions { Parallelism = 2 }).Analyze(shards, exactPercentiles: true).Build();

        Assert.Equal(3, report.LongestEmptyRun);
        Assert.Contains("\"longest_empty_run\": 3", Core.Reports.ReportJson.Serialize(report, indented: true), StringComparison.Ordinal);
    }

    [Fact]
    public void No_empty_response_is_a_run_of_zero()
    {
        var report = LogLines.Analyze(LogLines.Shard([.. Outputs("x", "y")])).Build();
        Assert.Equal(0, report.LongestEmptyRun);
    }

    private static IEnumerable<string> Outputs(params string[] outputs) =>
        outputs.Select((output, i) => LogLines.Line(output: output, timestamp: LogLines.Hour0 + i, requestId: $"r{i}", input: $"q{i}"));
}
