namespace QwenLogFunctions.Alerting;

/// <summary>
/// One rule judged on one scope: whether its condition holds, the measured value and the threshold.
/// Series key = rule + model + subject; <see cref="Hour"/> says which hour was judged.
/// </summary>
/// <param name="RuleId">One of <see cref="AlertRuleIds"/>.</param>
/// <param name="Model">Model name or "all".</param>
/// <param name="Subject">What inside the scope: the flag name for flag_rate; empty otherwise.</param>
/// <param name="Hour">The hour judged (UTC).</param>
/// <param name="Violated">Whether the condition holds.</param>
/// <param name="Value">Measured value, in <paramref name="Unit"/>.</param>
/// <param name="Threshold">The configured threshold, in <paramref name="Unit"/>.</param>
/// <param name="Unit">ms, tokens/s, ratio, responses or hours.</param>
/// <param name="Severity">Severity when it fires.</param>
/// <param name="Message">Human message (Chinese and English) describing what was measured.</param>
public sealed record AlertObservation(
    string RuleId,
    string Model,
    string Subject,
    DateTimeOffset Hour,
    bool Violated,
    double Value,
    double Threshold,
    string Unit,
    AlertSeverity Severity,
    string Message)
{
    /// <summary>The alert series this observation belongs to.</summary>
    public string Key => AlertKeys.Of(RuleId, Model, Subject);
}
