using QwenLogFunctions.Alerting;
using static QwenLogFunctions.Alerting.Tests.Hours;

namespace QwenLogFunctions.Alerting.Tests;

public class AlertRulesTests
{
    private static readonly AlertOptions Defaults = new();

    private static IReadOnlyList<AlertObservation> Evaluate(AlertEvaluationInput input) => AlertRules.Evaluate(input, Defaults);

    private static AlertEvaluationInput Input(params ScopedHour[] hours) => new() { Now = H10.AddHours(1.1), Hours = hours };

    [Fact]
    public void Healthy_hour_is_judged_by_every_applicable_rule_and_violates_none()
    {
        var observations = Evaluate(Input(new ScopedHour("all", Stats(H10, jsonMode: 50))));

        Assert.All(observations, o => Assert.False(o.Violated, o.Key));
        var rules = observations.Select(o => o.RuleId).Distinct().Order().ToList();
        Assert.Equal(
            new[]
            {
                AlertRuleIds.DecodeSpeed, AlertRuleIds.ErrorLevelRate, AlertRuleIds.FirstTokenLatencyP95, AlertRuleIds.FlagRate,
                AlertRuleIds.LatencyP95, AlertRuleIds.MalformedJsonRate,
            },
            rules);
        // One flag_rate series per flag except malformed_json, which has its own rule.
        Assert.Equal(14, observations.Count(o => o.RuleId == AlertRuleIds.FlagRate));
        Assert.DoesNotContain(observations, o => o.Subject == "malformed_json");
    }

    [Fact]
    public void Latency_rules_compare_p95_with_their_ceilings()
    {
        var observations = Evaluate(Input(new ScopedHour("qwen2.5-7b", Stats(H10, p95: 12_500, firstTokenP95: 2_000))));

        var latency = Assert.Single(observations, o => o.RuleId == AlertRuleIds.LatencyP95);
        Assert.True(latency.Violated);
        Assert.Equal(12_500, latency.Value);
        Assert.Equal(10_000, latency.Threshold);
        Assert.Equal("qwen2.5-7b", latency.Model);
        Assert.Equal(H10, latency.Hour);
        Assert.Contains("12,500 ms", latency.Message, StringComparison.Ordinal);
        Assert.Contains("P95 总延迟", latency.Message, StringComparison.Ordinal);

        // Exactly at the ceiling is not above it.
        Assert.False(Assert.Single(observations, o => o.RuleId == AlertRuleIds.FirstTokenLatencyP95).Violated);
    }

    [Fact]
    public void Decode_speed_below_the_floor_violates()
    {
        var slow = Evaluate(Input(new ScopedHour("all", Stats(H10, decodeTps: 87.5))));
        var observation = Assert.Single(slow, o => o.RuleId == AlertRuleIds.DecodeSpeed);
        Assert.True(observation.Violated);
        Assert.Equal(87.5, observation.Value);
        Assert.Equal(100, observation.Threshold);

        var unknown = Evaluate(Input(new ScopedHour("all", Stats(H10, decodeTps: null))));
        Assert.DoesNotContain(unknown, o => o.RuleId == AlertRuleIds.DecodeSpeed);
    }

    [Fact]
    public void Each_flag_is_its_own_series_and_malformed_json_is_rated_over_json_mode_requests()
    {
        var flags = Flags(("pii_phone", 6), ("refusal", 5), ("malformed_json", 3));
        var observations = Evaluate(Input(new ScopedHour("all", Stats(H10, requests: 100, jsonMode: 100, flags: flags))));

        var phone = Assert.Single(observations, o => o.Subject == "pii_phone");
        Assert.True(phone.Violated);
        Assert.Equal(0.06, phone.Value, 10);
        Assert.Equal("flag_rate|all|pii_phone", phone.Key);
        Assert.False(Assert.Single(observations, o => o.Subject == "refusal").Violated); // 5% is not above 5%
        var malformed = Assert.Single(observations, o => o.RuleId == AlertRuleIds.MalformedJsonRate);
        Assert.True(malformed.Violated); // 3/100 > 2%
        Assert.Equal(0.03, malformed.Value, 10);

        // The same 3 malformed among 200 json_mode requests is 1.5%: fine.
        var diluted = Evaluate(Input(new ScopedHour("all", Stats(H10, requests: 300, jsonMode: 200, flags: flags))));
        Assert.False(Assert.Single(diluted, o => o.RuleId == AlertRuleIds.MalformedJsonRate).Violated);
    }

    [Fact]
    public void Rate_rules_need_MinRequestsForRates_in_the_denominator()
    {
        var flags = Flags(("refusal", 19));
        var observations = Evaluate(Input(new ScopedHour("all", Stats(H10, requests: 19, errors: 19, jsonMode: 19, flags: flags))));

        Assert.DoesNotContain(observations, o => o.RuleId is AlertRuleIds.FlagRate or AlertRuleIds.ErrorLevelRate or AlertRuleIds.MalformedJsonRate);
        Assert.Contains(observations, o => o.RuleId == AlertRuleIds.LatencyP95);

        var enough = Evaluate(Input(new ScopedHour("all", Stats(H10, requests: 20, errors: 2))));
        var error = Assert.Single(enough, o => o.RuleId == AlertRuleIds.ErrorLevelRate);
        Assert.True(error.Violated);
        Assert.Equal(0.1, error.Value, 10);
    }

    [Fact]
    public void Rejected_line_rate_uses_the_ledger_counts()
    {
        var input = new AlertEvaluationInput
        {
            Now = H10.AddHours(1),
            Lines = [new LineHour(H10, 1_000, 11), new LineHour(H10.AddHours(-1), 10, 10)],
        };

        var observation = Assert.Single(Evaluate(input));
        Assert.Equal(AlertRuleIds.RejectedLineRate, observation.RuleId);
        Assert.True(observation.Violated);
        Assert.Equal(0.011, observation.Value, 10);
        Assert.Equal(H10, observation.Hour);
    }

    [Fact]
    public void An_incomplete_shard_fires_the_incomplete_shards_rule_and_complete_shards_resolve_it()
    {
        var incomplete = Assert.Single(Evaluate(new AlertEvaluationInput
        {
            Now = H10.AddHours(1.1),
            Shards = [new("a.jsonl", H10, null), new("b.jsonl.gz", H10, "shard is truncated: gzip stream ended after 1200 bytes without its trailer")],
        }));
        Assert.Equal(AlertRuleIds.IncompleteShards, incomplete.RuleId);
        Assert.True(incomplete.Violated);
        Assert.Equal(1, incomplete.Value);
        Assert.Contains("b.jsonl.gz: shard is truncated", incomplete.Message, StringComparison.Ordinal);

        var healthy = Assert.Single(Evaluate(new AlertEvaluationInput { Now = H10.AddHours(2.1), Shards = [new("b.jsonl.gz", H10.AddHours(1), null)] }));
        Assert.False(healthy.Violated);
        Assert.Empty(Evaluate(new AlertEvaluationInput { Now = H10.AddHours(2.1) }));
    }

    [Fact]
    public void Five_empty_responses_in_a_row_fire_the_articles_crash_rule()
    {
        var at = H10.AddMinutes(7);
        var input = new AlertEvaluationInput
        {
            Now = H10.AddHours(1),
            EmptyRuns = [new ShardRun("logs/a.jsonl", 2, at, at), new ShardRun("logs/b.jsonl", 5, at, at.AddSeconds(40))],
        };

        var observation = Assert.Single(Evaluate(input));
        Assert.Equal(AlertRuleIds.ConsecutiveEmptyResponses, observation.RuleId);
        Assert.True(observation.Violated);
        Assert.Equal(5, observation.Value);
        Assert.Equal(AlertSeverity.Critical, observation.Severity);
        Assert.Contains("logs/b.jsonl", observation.Message, StringComparison.Ordinal);
        Assert.Contains("模型可能已崩溃", observation.Message, StringComparison.Ordinal);

        var four = input with { EmptyRuns = [new ShardRun("logs/c.jsonl", 4, at, at)] };
        Assert.False(Assert.Single(Evaluate(four)).Violated);
        Assert.Empty(Evaluate(input with { EmptyRuns = [] }));
    }

    [Fact]
    public void No_requests_fires_after_N_hours_and_is_not_judged_before_any_data()
    {
        var now = H10.AddHours(3);
        var quiet = Assert.Single(Evaluate(new AlertEvaluationInput { Now = now, LastRequestAt = now.AddHours(-2.5) }));
        Assert.Equal(AlertRuleIds.NoRequests, quiet.RuleId);
        Assert.True(quiet.Violated);
        Assert.Equal(2.5, quiet.Value, 6);

        Assert.False(Assert.Single(Evaluate(new AlertEvaluationInput { Now = now, LastRequestAt = now.AddHours(-1) })).Violated);
        Assert.Empty(Evaluate(new AlertEvaluationInput { Now = now }));
    }

    [Fact]
    public void Thresholds_come_from_options()
    {
        var strict = new AlertOptions { LatencyP95Ms = 1_000, MinDecodeTps = 200, ConsecutiveEmptyResponses = 2 };
        var input = Input(new ScopedHour("all", Stats(H10))) with
        {
            EmptyRuns = [new ShardRun("s", 2, H10, H10)],
        };

        var observations = AlertRules.Evaluate(input, strict);

        Assert.True(Assert.Single(observations, o => o.RuleId == AlertRuleIds.LatencyP95).Violated);
        Assert.True(Assert.Single(observations, o => o.RuleId == AlertRuleIds.DecodeSpeed).Violated);
        Assert.True(Assert.Single(observations, o => o.RuleId == AlertRuleIds.ConsecutiveEmptyResponses).Violated);
    }
}
