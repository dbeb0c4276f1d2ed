using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Alerting.Notifications;

namespace QwenLogFunctions.Alerting;

/// <summary>
/// Judges the rules, moves each alert series between firing and resolved, and notifies every configured channel
/// once per transition. Idempotent: the same input twice changes and sends nothing the second time. A failed
/// notification stays pending on the record and is retried by the next evaluation.
/// </summary>
public sealed class AlertEngine
{
    private readonly IAlertStore _store;
    private readonly AlertNotifier _notifier;
    private readonly AlertOptions _options;
    private readonly ILogger _logger;

    /// <summary>Creates the engine.</summary>
    public AlertEngine(IAlertStore store, AlertNotifier notifier, IOptions<AlertOptions> options, ILogger<AlertEngine>? logger = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _store = store ?? throw new ArgumentNullException(nameof(store));
        _notifier = notifier ?? throw new ArgumentNullException(nameof(notifier));
        _options = options.Value;
        _logger = (ILogger?)logger ?? NullLogger.Instance;
    }

    /// <summary>Evaluates <paramref name="input"/>, saves state and history, sends due notifications.</summary>
    public async Task<AlertEvaluationResult> EvaluateAsync(AlertEvaluationInput input, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(input);
        var now = input.Now;

        // Newest judged hour per series; a later observation of the same hour wins (the caller's newest figures).
        var latest = new Dictionary<string, AlertObservation>(StringComparer.Ordinal);
        foreach (var observation in AlertRules.Evaluate(input, _options))
        {
            if (!latest.TryGetValue(observation.Key, out var seen) || observation.Hour >= seen.Hour)
            {
                latest[observation.Key] = observation;
            }
        }

        var records = (await _store.GetAllAsync(cancellationToken)).ToDictionary(r => r.Key, StringComparer.Ordinal);
        var fired = new List<AlertRecord>();
        var resolved = new List<AlertRecord>();
        var notifications = new List<NotificationOutcome>();
        int conflicts = 0;

        foreach (var key in latest.Keys.Union(records.Keys, StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            records.TryGetValue(key, out var record);
            latest.TryGetValue(key, out var observation);
            try
            {
                if (observation is not null && (record is null || observation.Hour >= record.Hour))
                {
                    var next = Apply(record, observation, now);
                    if (next is not null && !SameContent(record, next))
                    {
                        next = await _store.SaveAsync(next, cancellationToken);
                        if (next.State != record?.State)
                        {
                            string eventName = next.State == AlertState.Firing ? AlertHistoryEvents.Fired : AlertHistoryEvents.Resolved;
                            await _store.AppendHistoryAsync(AlertHistoryEntry.For(next, eventName, now), cancellationToken);
                            if (next.State == AlertState.Firing)
                            {
                                AlertingLog.Fired(_logger, key, next.Message);
                                fired.Add(next);
                            }
                            else
                            {
                                AlertingLog.Resolved(_logger, key, next.Message);
                                resolved.Add(next);
                            }
                        }

                        record = next;
                    }
                }

                if (record is not null)
                {
                    records[key] = await NotifyAsync(record, now, notifications, cancellationToken);
                }
            }
            catch (AlertConcurrencyException)
            {
                // Another evaluation owns this series right now; it will notify, and we judge again next time.
                AlertingLog.Conflict(_logger, key);
                conflicts++;
            }
        }

        var firing = records.Values.Where(r => r.State == AlertState.Firing).OrderBy(r => r.Key, StringComparer.Ordinal).ToList();
        return new AlertEvaluationResult(fired, resolved, notifications, firing, conflicts);
    }

    /// <summary>The record after <paramref name="observation"/>; null when there is nothing worth storing (healthy and never fired).</summary>
    private static AlertRecord? Apply(AlertRecord? record, AlertObservation observation, DateTimeOffset now)
    {
        if (record is null && !observation.Violated)
        {
            return null;
        }

        bool wasFiring = record?.State == AlertState.Firing;
        var next = new AlertRecord
        {
            Key = observation.Key,
            RuleId = observation.RuleId,
            Model = observation.Model,
            Subject = observation.Subject,
            Hour = observation.Hour,
            State = observation.Violated ? AlertState.Firing : AlertState.Resolved,
            Severity = observation.Severity,
            Value = observation.Value,
            Threshold = observation.Threshold,
            Unit = observation.Unit,
            Message = observation.Message,
            FiredAt = record?.FiredAt ?? now,
            ResolvedAt = record?.ResolvedAt,
            UpdatedAt = now,
            DeliveredChannels = record?.DeliveredChannels ?? [],
            AnnouncedChannels = record?.AnnouncedChannels ?? [],
            LastNotificationError = record?.LastNotificationError,
            FailedNotificationRounds = record?.FailedNotificationRounds ?? 0,
            ClaimedUntil = record?.ClaimedUntil,
            ETag = record?.ETag,
        };

        if (observation.Violated && !wasFiring)
        {
            // A new incident: nobody has heard of it yet.
            return next with
            {
                FiredAt = now, ResolvedAt = null, DeliveredChannels = [], AnnouncedChannels = [],
                LastNotificationError = null, FailedNotificationRounds = 0,
            };
        }

        if (!observation.Violated && wasFiring)
        {
            // Only the channels that heard it fire hear it resolve.
            return next with
            {
                ResolvedAt = now, DeliveredChannels = [], AnnouncedChannels = record!.DeliveredChannels,
                LastNotificationError = null, FailedNotificationRounds = 0,
            };
        }

        if (!observation.Violated)
        {
            // Still resolved: keep the figures of the resolution (what the operator was told) and only move the hour on.
            return record! with { Hour = observation.Hour };
        }

        return next;
    }

    private static bool SameContent(AlertRecord? stored, AlertRecord next) =>
        stored is not null && stored with { UpdatedAt = next.UpdatedAt } == next;

    private async Task<AlertRecord> NotifyAsync(AlertRecord record, DateTimeOffset now, List<NotificationOutcome> outcomes, CancellationToken cancellationToken)
    {
        var pending = record.PendingChannels(_notifier.ChannelNames);
        if (pending.Count == 0 || record.ClaimedUntil > now)
        {
            return record;
        }

        // Claim first (ETag-guarded): of two overlapping runs only one gets past this line for this record.
        var claimed = await _store.SaveAsync(record with { ClaimedUntil = now + _options.NotificationClaim }, cancellationToken);
        var delivered = new List<string>(claimed.DeliveredChannels);
        var errors = new List<string>();
        foreach (var channel in _notifier.Channels.Where(c => pending.Contains(c.Name, StringComparer.Ordinal)))
        {
            try
            {
                await channel.SendAsync(claimed, cancellationToken);
                delivered.Add(channel.Name);
                outcomes.Add(new(claimed.Key, claimed.State, channel.Name, true, null));
                await _store.AppendHistoryAsync(AlertHistoryEntry.For(claimed, AlertHistoryEvents.Notified, now, channel.Name), cancellationToken);
            }
            catch (NotificationException ex)
            {
                errors.Add(ex.Message);
                outcomes.Add(new(claimed.Key, claimed.State, channel.Name, false, ex.Message));
                AlertingLog.NotificationFailed(_logger, channel.Name, claimed.Key, ex.Message);
                await _store.AppendHistoryAsync(
                    AlertHistoryEntry.For(claimed, AlertHistoryEvents.NotificationFailed, now, channel.Name, ex.Message), cancellationToken);
            }
        }

        return await _store.SaveAsync(
            claimed with
            {
                ClaimedUntil = null,
                DeliveredChannels = delivered,
                LastNotificationError = errors.Count == 0 ? null : string.Join("; ", errors),
                FailedNotificationRounds = claimed.FailedNotificationRounds + (errors.Count == 0 ? 0 : 1),
            },
            cancellationToken);
    }
}
