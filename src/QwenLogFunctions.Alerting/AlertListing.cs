namespace QwenLogFunctions.Alerting;

/// <summary>What GET /api/alerts returns: alerts firing now, alerts resolved recently, and recent history (newest first).</summary>
/// <param name="Firing">Alerts currently firing, most severe then oldest first.</param>
/// <param name="Resolved">Alerts resolved since the requested time, newest first.</param>
/// <param name="History">History entries since the requested time, newest first, capped.</param>
public sealed record AlertListing(
    IReadOnlyList<AlertRecord> Firing,
    IReadOnlyList<AlertRecord> Resolved,
    IReadOnlyList<AlertHistoryEntry> History)
{
    /// <summary>Builds a listing from all current records and history already filtered and ordered by the store.</summary>
    public static AlertListing From(IEnumerable<AlertRecord> records, DateTimeOffset since, IReadOnlyList<AlertHistoryEntry> history)
    {
        var all = records.ToList();
        return new(
            all.Where(r => r.State == AlertState.Firing).OrderByDescending(r => r.Severity).ThenBy(r => r.FiredAt).ThenBy(r => r.Key, StringComparer.Ordinal).ToList(),
            all.Where(r => r.State == AlertState.Resolved && r.ResolvedAt >= since).OrderByDescending(r => r.ResolvedAt).ThenBy(r => r.Key, StringComparer.Ordinal).ToList(),
            history);
    }
}
