namespace QwenLogFunctions.Alerting;

/// <summary>What one evaluation did.</summary>
/// <param name="Fired">Alerts that began firing in this evaluation.</param>
/// <param name="Resolved">Alerts that resolved in this evaluation.</param>
/// <param name="Notifications">Notification rounds (including retries of earlier failures).</param>
/// <param name="Firing">All alerts firing after the evaluation.</param>
/// <param name="Conflicts">Series skipped because another evaluation changed them concurrently (they are judged again next run).</param>
public sealed record AlertEvaluationResult(
    IReadOnlyList<AlertRecord> Fired,
    IReadOnlyList<AlertRecord> Resolved,
    IReadOnlyList<NotificationOutcome> Notifications,
    IReadOnlyList<AlertRecord> Firing,
    int Conflicts);
