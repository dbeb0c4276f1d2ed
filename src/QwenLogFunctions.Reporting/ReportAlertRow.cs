namespace QwenLogFunctions.Reporting;

/// <summary>
/// A firing alert as the HTML report lists it. Deliberately a plain row, not the alerting engine's state type,
/// so reporting does not depend on alerting: the caller maps its alert records to rows.
/// </summary>
/// <param name="Rule">Rule name, e.g. "latency_p95" or "flag_rate:pii_phone".</param>
/// <param name="Scope">What the rule was evaluated over: a model name, a device, or "all".</param>
/// <param name="Hour">The UTC hour the measurement belongs to, when the rule is hourly.</param>
/// <param name="MeasuredValue">The measured value that crossed the threshold, when numeric.</param>
/// <param name="Threshold">The configured threshold, when numeric.</param>
/// <param name="Since">When the alert started firing.</param>
/// <param name="Message">Human-readable explanation (shown as text, never as markup).</param>
/// <param name="Unit">Unit of <paramref name="MeasuredValue"/> and <paramref name="Threshold"/> ("ms", "tok/s", "%"), when useful.</param>
public sealed record ReportAlertRow(
    string Rule,
    string Scope,
    DateTimeOffset? Hour,
    double? MeasuredValue,
    double? Threshold,
    DateTimeOffset Since,
    string Message,
    string? Unit = null);
