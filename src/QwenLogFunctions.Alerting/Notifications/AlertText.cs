using System.Globalization;

namespace QwenLogFunctions.Alerting.Notifications;

/// <summary>The words every channel shows for an alert: a title and labelled facts, Chinese and English side by side.</summary>
internal static class AlertText
{
    public static bool IsFiring(AlertRecord alert) => alert.State == AlertState.Firing;

    public static string Status(AlertRecord alert) => IsFiring(alert) ? "🔴 告警 FIRING" : "✅ 恢复 RESOLVED";

    public static string Rule(AlertRecord alert) =>
        string.IsNullOrEmpty(alert.Subject) ? alert.RuleId : $"{alert.RuleId}: {alert.Subject}";

    public static string Title(AlertRecord alert) => $"{Status(alert)} · {Rule(alert)} · {alert.Model}";

    public static IReadOnlyList<(string Label, string Value)> Facts(AlertRecord alert)
    {
        var facts = new List<(string, string)>
        {
            ("规则 Rule", Rule(alert)),
            ("范围 Scope", $"{alert.Model} @ {Time(alert.Hour)}"),
            ("测量值 Value", AlertUnits.Format(alert.Value, alert.Unit)),
            ("阈值 Threshold", AlertUnits.Format(alert.Threshold, alert.Unit)),
            ("级别 Severity", alert.Severity == AlertSeverity.Critical ? "critical 严重" : "warning 警告"),
            ("触发 Fired", Time(alert.FiredAt)),
        };
        if (alert.ResolvedAt is { } resolved)
        {
            facts.Add(("恢复 Resolved", Time(resolved)));
        }

        return facts;
    }

    public static string Time(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd HH:mm'Z'", CultureInfo.InvariantCulture);

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
