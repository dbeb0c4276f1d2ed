using System.Globalization;
using QwenLogFunctions.Alerting;

namespace QwenLogFunctions.TestUtility;

/// <summary>
/// A thread-safe in-process <see cref="IAlertStore"/> with the same ETag semantics as the table store:
/// for unit tests of the alert engine.
/// </summary>
public sealed class InMemoryAlertStore : IAlertStore
{
    private readonly Lock _gate = new();
    private readonly Dictionary<string, AlertRecord> _records = new(StringComparer.Ordinal);
    private readonly List<AlertHistoryEntry> _history = [];
    private long _version;

    /// <summary>Every history entry so far, oldest first.</summary>
    public IReadOnlyList<AlertHistoryEntry> History
    {
        get
        {
            lock (_gate)
            {
                return [.. _history];
            }
        }
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<AlertRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            return Task.FromResult<IReadOnlyList<AlertRecord>>([.. _records.Values]);
        }
    }

    /// <inheritdoc />
    public Task<AlertRecord> SaveAsync(AlertRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        lock (_gate)
        {
            var exists = _records.TryGetValue(record.Key, out var current);
            if (record.ETag is null ? exists : !exists || !string.Equals(current!.ETag, record.ETag, StringComparison.Ordinal))
            {
                throw new AlertConcurrencyException($"Alert '{record.Key}' was changed concurrently.");
            }

            var saved = record with { ETag = (++_version).ToString(CultureInfo.InvariantCulture) };
            _records[record.Key] = saved;
            return Task.FromResult(saved);
        }
    }

    /// <inheritdoc />
    public Task AppendHistoryAsync(AlertHistoryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        lock (_gate)
        {
            _history.Add(entry);
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public Task<AlertListing> ListAsync(DateTimeOffset since, int maxHistory, CancellationToken cancellationToken)
    {
        lock (_gate)
        {
            var history = _history.Where(e => e.At >= since).Reverse().Take(Math.Max(0, maxHistory)).ToList();
            return Task.FromResult(AlertListing.From(_records.Values, since, history));
        }
    }
}
