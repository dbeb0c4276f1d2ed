using System.Globalization;
using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Alerting;

/// <summary>
/// The rules: pure functions from an <see cref="AlertEvaluationInput"/> to observations (one per rule, scope and hour
/// where the rule applies). Rate rules apply only with at least <see cref="AlertOptions.MinRequestsForRates"/> in the denominator.
/// </summary>
public static class AlertRules
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>Judges every rule on every scope and hour of <paramref name="input"/>.</summary>
    public static IReadOnlyList<AlertObservation> Evaluate(AlertEvaluationInput input, AlertOptions options)
    {
        ArgumentNullException.ThrowIfNull(input);
        ArgumentNullException.ThrowIfNull(options);
        var observations = new List<AlertObservation>();
        foreach (var scoped in input.Hours)
        {
            EvaluateHour(scoped, options, observations);
        }

        EvaluateEmptyRuns(input.EmptyRuns, options, observations);
        EvaluateIncompleteShards(input.Shards, observations);
        foreach (var lines in input.Lines)
        {
            if (lines.TotalLines >= options.MinRequestsForRates)
            {
                double rate = (double)lines.RejectedLines / lines.TotalLines;
                observations.Add(new(AlertRuleIds.RejectedLineRate, AlertRuleIds.AllModels, string.Empty, lines.Hour,
                    rate > options.MaxRejectedLineRate, rate, options.MaxRejectedLineRate, AlertUnits.Ratio, AlertSeverity.Warning,
                    Text($"被拒绝的日志行比例 {Pct(rate)}（{lines.RejectedLines}/{lines.TotalLines} 行，阈值 {Pct(options.MaxRejectedLineRate)}）",
                        $"Rejected log lines {Pct(rate)} ({lines.RejectedLines}/{lines.TotalLines} lines, threshold {Pct(options.MaxRejectedLineRate)})",
                        lines.Hour, AlertRuleIds.AllModels)));
            }
        }

        if (input.LastRequestAt is { } last)
        {
            double hours = Math.Max(0, (input.Now - last).TotalHours);
            observations.Add(new(AlertRuleIds.NoRequests, AlertRuleIds.AllModels, string.Empty, AlertTime.HourOf(input.Now),
                hours >= options.NoRequestsHours, hours, options.NoRequestsHours, AlertUnits.Hours, AlertSeverity.Critical,
                $"最近一次请求在 {hours.ToString("0.#", Invariant)} 小时前（{Utc(last)}，阈值 {options.NoRequestsHours.ToString("0.#", Invariant)} 小时）：服务或日志投递可能已中断 / " +
                $"Last request {hours.ToString("0.#", Invariant)} h ago ({Utc(last)}, threshold {options.NoRequestsHours.ToString("0.#", Invariant)} h): the service or log shipping may be down"));
        }

        return observations;
    }

    private static void EvaluateHour(ScopedHour scoped, AlertOptions options, List<AlertObservation> observations)
    {
        var stats = scoped.Statistics;
        var hour = scoped.Hour;
        var model = scoped.Model;
        if (stats.LatencyMs.P95 is { } p95)
        {
            observations.Add(new(AlertRuleIds.LatencyP95, model, string.Empty, hour, p95 > options.LatencyP95Ms, p95, options.LatencyP95Ms,
                AlertUnits.Milliseconds, AlertSeverity.Warning,
                Text($"P95 总延迟 {Ms(p95)}（阈值 {Ms(options.LatencyP95Ms)}，{stats.LatencyMs.Count} 个请求）",
                    $"P95 total latency {Ms(p95)} (threshold {Ms(options.LatencyP95Ms)}, {stats.LatencyMs.Count} requests)", hour, model)));
        }

        if (stats.FirstTokenLatencyMs.P95 is { } ttft)
        {
            observations.Add(new(AlertRuleIds.FirstTokenLatencyP95, model, string.Empty, hour, ttft > options.FirstTokenP95Ms, ttft,
                options.FirstTokenP95Ms, AlertUnits.Milliseconds, AlertSeverity.Warning,
                Text($"P95 首 token 延迟 {Ms(ttft)}（阈值 {Ms(options.FirstTokenP95Ms)}）",
                    $"P95 first-token latency {Ms(ttft)} (threshold {Ms(options.FirstTokenP95Ms)})", hour, model)));
        }

        if (stats.DecodeTps.Mean is { } tps)
        {
            observations.Add(new(AlertRuleIds.DecodeSpeed, model, string.Empty, hour, tps < options.MinDecodeTps, tps, options.MinDecodeTps,
                AlertUnits.TokensPerSecond, AlertSeverity.Warning,
                Text($"平均解码速度 {Tps(tps)}（下限 {Tps(options.MinDecodeTps)}）",
                    $"Mean decode speed {Tps(tps)} (floor {Tps(options.MinDecodeTps)})", hour, model)));
        }

        if (stats.TotalRequests >= options.MinRequestsForRates)
        {
            double errorRate = (double)stats.ErrorLevelRequests / stats.TotalRequests;
            observations.Add(new(AlertRuleIds.ErrorLevelRate, model, string.Empty, hour, errorRate > options.MaxErrorLevelRate, errorRate,
                options.MaxErrorLevelRate, AlertUnits.Ratio, AlertSeverity.Warning,
                Text($"ERROR 级别请求占比 {Pct(errorRate)}（{stats.ErrorLevelRequests}/{stats.TotalRequests}，阈值 {Pct(options.MaxErrorLevelRate)}）",
                    $"ERROR-level requests {Pct(errorRate)} ({stats.ErrorLevelRequests}/{stats.TotalRequests}, threshold {Pct(options.MaxErrorLevelRate)})", hour, model)));

            string malformed = FlagNames.NameOf(RequestFlags.MalformedJson);
            foreach (var (flag, count) in stats.Flags.OrderBy(pair => pair.Key, StringComparer.Ordinal))
            {
                // malformed_json is judged against json_mode requests below, not against all requests.
                if (string.Equals(flag, malformed, StringComparison.Ordinal))
                {
                    continue;
                }

                double rate = (double)count / stats.TotalRequests;
                observations.Add(new(AlertRuleIds.FlagRate, model, flag, hour, rate > options.MaxFlagRate, rate, options.MaxFlagRate,
                    AlertUnits.Ratio, flag == FlagNames.NameOf(RequestFlags.SecretLeak) ? AlertSeverity.Critical : AlertSeverity.Warning,
                    Text($"标记 {flag} 的请求占比 {Pct(rate)}（{count}/{stats.TotalRequests}，阈值 {Pct(options.MaxFlagRate)}）",
                        $"Requests flagged {flag}: {Pct(rate)} ({count}/{stats.TotalRequests}, threshold {Pct(options.MaxFlagRate)})", hour, model)));
            }
        }

        if (stats.JsonModeRequests >= options.MinRequestsForRates)
        {
            long malformedCount = stats.Flags.TryGetValue(FlagNames.NameOf(RequestFlags.MalformedJson), out var c) ? c : 0;
            double rate = (double)malformedCount / stats.JsonModeRequests;
            observations.Add(new(AlertRuleIds.MalformedJsonRate, model, string.Empty, hour, rate > options.MaxMalformedJsonRate, rate,
                options.MaxMalformedJsonRate, AlertUnits.Ratio, AlertSeverity.Warning,
                Text($"JSON 模式下输出非法 JSON 的比例 {Pct(rate)}（{malformedCount}/{stats.JsonModeRequests}，阈值 {Pct(options.MaxMalformedJsonRate)}）",
                    $"Malformed JSON in json_mode {Pct(rate)} ({malformedCount}/{stats.JsonModeRequests}, threshold {Pct(options.MaxMalformedJsonRate)})", hour, model)));
        }
    }

    private static void EvaluateEmptyRuns(IReadOnlyList<ShardRun> runs, AlertOptions options, List<AlertObservation> observations)
    {
        if (runs.Count == 0)
        {
            return;
        }

        // One series for the whole service: the longest run among the shards seen decides, the newest wins a tie.
        var worst = runs.OrderByDescending(r => r.Length).ThenByDescending(r => r.LastAt).First();
        var hour = runs.Max(r => r.Hour);
        bool violated = worst.Length >= options.ConsecutiveEmptyResponses;
        string message = violated
            ? $"分片 {worst.Shard} 中连续 {worst.Length} 个空响应（{Utc(worst.FirstAt)} – {Utc(worst.LastAt)}，阈值 {options.ConsecutiveEmptyResponses}）：模型可能已崩溃 / " +
              $"{worst.Length} consecutive empty responses in shard {worst.Shard} ({Utc(worst.FirstAt)} – {Utc(worst.LastAt)}, threshold {options.ConsecutiveEmptyResponses}): the model may have crashed"
            : $"最长连续空响应 {worst.Length} 个（阈值 {options.ConsecutiveEmptyResponses}，{runs.Count} 个分片） / " +
              $"Longest run of empty responses is {worst.Length} (threshold {options.ConsecutiveEmptyResponses}, {runs.Count} shards)";
        observations.Add(new(AlertRuleIds.ConsecutiveEmptyResponses, AlertRuleIds.AllModels, string.Empty, violated ? worst.Hour : hour,
            violated, worst.Length, options.ConsecutiveEmptyResponses, AlertUnits.Responses, AlertSeverity.Critical, message));
    }

    /// <summary>
    /// One series for the service, like the empty-run rule: any incomplete shard among those just merged fires it (an
    /// upload cut short loses logs silently otherwise); merged shards that are all complete resolve it.
    /// </summary>
    private static void EvaluateIncompleteShards(IReadOnlyList<ShardCompleteness> shards, List<AlertObservation> observations)
    {
        if (shards.Count == 0)
        {
            return;
        }

        var incomplete = shards.Where(s => s.Incomplete).OrderBy(s => s.Shard, StringComparer.Ordinal).ToList();
        var hour = (incomplete.Count > 0 ? incomplete : shards).Max(s => s.Hour);
        string message;
        if (incomplete.Count == 0)
        {
            message = $"全部 {shards.Count} 个分片均已完整读取 / All {shards.Count} shards were read to their end";
        }
        else
        {
            var first = incomplete[0];
            string names = string.Join(", ", incomplete.Take(5).Select(s => s.Shard)) + (incomplete.Count > 5 ? ", …" : string.Empty);
            message = $"{incomplete.Count} 个分片不完整（{names}）：{first.Shard}：{first.Problem} / " +
                      $"{incomplete.Count} incomplete shard(s) ({names}): {first.Shard}: {first.Problem}; upload them again";
        }

        observations.Add(new(AlertRuleIds.IncompleteShards, AlertRuleIds.AllModels, string.Empty, hour, incomplete.Count > 0,
            incomplete.Count, 0, AlertUnits.Shards, AlertSeverity.Warning, message));
    }

    private static string Text(string chinese, string english, DateTimeOffset hour, string model) =>
        $"[{model} @ {Utc(hour)}] {chinese} / {english}";

    private static string Pct(double ratio) => AlertUnits.Format(ratio, AlertUnits.Ratio);

    private static string Ms(double ms) => AlertUnits.Format(ms, AlertUnits.Milliseconds);

    private static string Tps(double tps) => AlertUnits.Format(tps, AlertUnits.TokensPerSecond);

    private static string Utc(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", Invariant);
}
