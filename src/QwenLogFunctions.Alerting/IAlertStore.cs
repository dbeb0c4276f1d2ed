namespace QwenLogFunctions.Alerting;

/// <summary>
/// Current alert state (one record per series) and its history. Writes are optimistic: a record read with an ETag
/// is saved only if nobody changed it since, which is what keeps two overlapping timer runs from both notifying.
/// </summary>
public interface IAlertStore
{
    /// <summary>Every current record, with ETags.</summary>
    Task<IReadOnlyList<AlertRecord>> GetAllAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Saves <paramref name="record"/>: inserts when its ETag is null, otherwise replaces if the stored ETag still matches.
    /// Returns the record with its new ETag.
    /// </summary>
    /// <exception cref="AlertConcurrencyException">The record was inserted or changed by someone else.</exception>
    Task<AlertRecord> SaveAsync(AlertRecord record, CancellationToken cancellationToken);

    /// <summary>Appends a history entry.</summary>
    Task AppendHistoryAsync(AlertHistoryEntry entry, CancellationToken cancellationToken);

    /// <summary>Firing alerts, alerts resolved since <paramref name="since"/>, and up to <paramref name="maxHistory"/> history entries since then (newest first).</summary>
    Task<AlertListing> ListAsync(DateTimeOffset since, int maxHistory, CancellationToken cancellationToken);
}
