using QwenLogFunctions.Alerting;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Pipeline.Hourly;
using QwenLogFunctions.Storage.Aggregation;

namespace QwenLogFunctions.Pipeline.Tests;

/// <summary>How an aggregation result becomes the alert engine's input (pure mapping, no storage).</summary>
public sealed class AlertEvaluationInputTests
{
    private static readonly DateTimeOffset Ten = new(2025, 1, 15, 10, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset Eleven = Ten.AddHours(1);

    [Fact]
    public void Every_hour_is_judged_for_all_models_and_each_model_but_a_model_named_all_joins_the_all_series()
    {
        var hour = Hour(Ten, [Shard("a", 10)], "qwen-a", "qwen-b", "all");

        var input = AlertEvaluation.BuildInput(Result(hour), new Dictionary<string, LineCounts?>(), Eleven);

        Assert.Equal([("all", Ten), ("qwen-a", Ten), ("qwen-b", Ten)], input.Hours.Select(h => (h.Model, h.Hour)));
        Assert.Equal(Eleven, input.Now);
    }

    [Fact]
    public void Each_shard_gives_its_longest_empty_run_with_its_times_and_a_healthy_shard_a_zero_run_at_its_newest_hour()
    {
        var result = Result(
            Hour(Ten, [Shard("crashed", 10, run: 3, first: Ten.AddMinutes(5), last: Ten.AddMinutes(7)), Shard("healthy", 5)]),
            Hour(Eleven, [Shard("crashed", 10, run: 6, first: Ten.AddMinutes(58), last: Eleven.AddMinutes(4)), Shard("healthy", 5)]));

        var input = AlertEvaluation.BuildInput(result, new Dictionary<string, LineCounts?>(), Eleven.AddHours(1));

        Assert.Equal(
            [new ShardRun("crashed", 6, Ten.AddMinutes(58), Eleven.AddMinutes(4)), new ShardRun("healthy", 0, Eleven, Eleven)],
            input.EmptyRuns.OrderBy(r => r.Shard, StringComparer.Ordinal));
    }

    [Fact]
    public void Ledger_line_counts_are_spread_over_a_shards_hours_by_its_requests_there()
    {
        // Shard a: 100 accepted (75 in hour 10, 25 in hour 11), 20 rejected, 0 blank. Shard b: hour 11 only, 50 accepted, 0 rejected.
        var result = Result(
            Hour(Ten, [Shard("a", 75)]),
            Hour(Eleven, [Shard("a", 25), Shard("b", 50), Shard("unknown", 7)]));
        var ledgers = new Dictionary<string, LineCounts?>
        {
            ["a"] = new LineCounts(120, 100, 20, 0),
            ["b"] = new LineCounts(52, 50, 0, 2),
        };

        var input = AlertEvaluation.BuildInput(result, ledgers, Eleven.AddHours(1));

        // Hour 10: 75% of a's 120 lines and 20 rejects. Hour 11: 25% of a's, and all of b's 52; the unknown shard adds nothing.
        Assert.Equal([new LineHour(Ten, 90, 15), new LineHour(Eleven, 82, 5)], input.Lines);
    }

    [Fact]
    public void Every_merged_shard_is_given_with_its_newest_hour_and_the_problem_of_an_incomplete_one()
    {
        var result = Result(Hour(Ten, [Shard("cut.jsonl.gz", 10), Shard("whole.jsonl", 5)]), Hour(Eleven, [Shard("whole.jsonl", 5)]));
        var problems = new Dictionary<string, string> { ["cut.jsonl.gz"] = "shard is truncated: gzip stream ended after 900 bytes without its trailer" };

        var input = AlertEvaluation.BuildInput(result, new Dictionary<string, LineCounts?>(), Eleven.AddHours(1), problems);

        Assert.Equal(
            [new ShardCompleteness("cut.jsonl.gz", Ten, problems["cut.jsonl.gz"]), new ShardCompleteness("whole.jsonl", Eleven, null)],
            input.Shards.OrderBy(s => s.Shard, StringComparer.Ordinal));
        Assert.Contains(AlertRules.Evaluate(input, new AlertOptions()), o => o.RuleId == AlertRuleIds.IncompleteShards && o.Violated && o.Hour == Ten);
    }

    [Fact]
    public void The_newest_request_time_is_passed_even_when_no_hour_was_merged()
    {
        var input = AlertEvaluation.BuildInput(
            new AggregationResult([], []) { LastRequestAt = Ten.AddMinutes(42) }, new Dictionary<string, LineCounts?>(), Eleven.AddHours(5));

        Assert.Empty(input.Hours);
        Assert.Empty(input.EmptyRuns);
        Assert.Empty(input.Lines);
        Assert.Equal(Ten.AddMinutes(42), input.LastRequestAt);
    }

    private static AggregationResult Result(params HourAggregate[] hours) => new(hours, []) { LastRequestAt = hours[^1].Hour.AddMinutes(59) };

    private static HourAggregate Hour(DateTimeOffset hour, ShardHour[] shards, params string[] models) =>
        new(hour, new HourlyStatistics { Hour = hour }, models.ToDictionary(m => m, _ => new HourlyStatistics { Hour = hour }, StringComparer.Ordinal),
            shards.Max(s => s.LongestEmptyRun), [.. shards.Select(s => s.Shard)])
        {
            ShardDetails = shards,
        };

    private static ShardHour Shard(string name, long requests, int run = 0, DateTimeOffset? first = null, DateTimeOffset? last = null) =>
        new(name, requests, run, first, last, null);
}
