using Microsoft.Extensions.Options;
using QwenLogFunctions.Alerting;
using QwenLogFunctions.Alerting.Notifications;
using QwenLogFunctions.TestUtility;
using static QwenLogFunctions.Alerting.Tests.Hours;

namespace QwenLogFunctions.Alerting.Tests;

public class AlertEngineTests
{
    private const string LatencyKey = "latency_p95|all";

    private readonly InMemoryAlertStore _store = new();
    private readonly RecordingChannel _slack = new("slack");
    private readonly RecordingChannel _teams = new("teams");

    private AlertEngine Engine() => new(_store, new AlertNotifier([_slack, _teams]), Options.Create(new AlertOptions()));

    private static AlertEvaluationInput Slow(DateTimeOffset hour, double p95 = 15_000) => new()
    {
        Now = hour.AddHours(1).AddMinutes(5),
        Hours = [new ScopedHour("all", Stats(hour, p95: p95))],
    };

    [Fact]
    public async Task Fires_once_and_the_same_input_again_sends_nothing()
    {
        var first = await Engine().EvaluateAsync(Slow(H10), default);

        var fired = Assert.Single(first.Fired);
        Assert.Equal(LatencyKey, fired.Key);
        Assert.Equal(AlertState.Firing, fired.State);
        Assert.Equal(15_000, fired.Value);
        Assert.Equal(2, first.Notifications.Count);
        Assert.All(first.Notifications, n => Assert.True(n.Succeeded));
        Assert.Equal([(LatencyKey, AlertState.Firing)], _slack.Sent);
        Assert.Equal([(LatencyKey, AlertState.Firing)], _teams.Sent);

        var again = await Engine().EvaluateAsync(Slow(H10), default);

        Assert.Empty(again.Fired);
        Assert.Empty(again.Notifications);
        Assert.Single(_slack.Sent);
        Assert.Single(again.Firing);
        Assert.Equal(["fired", "notified", "notified"], _store.History.Select(h => h.Event));
    }

    [Fact]
    public async Task Stays_firing_on_later_bad_hours_without_renotifying_then_resolves_once()
    {
        await Engine().EvaluateAsync(Slow(H10), default);
        var next = await Engine().EvaluateAsync(Slow(H10.AddHours(1), p95: 18_000), default);

        Assert.Empty(next.Fired);
        Assert.Empty(next.Notifications);
        var current = Assert.Single(next.Firing);
        Assert.Equal(18_000, current.Value);
        Assert.Equal(H10.AddHours(1), current.Hour);

        var healthy = await Engine().EvaluateAsync(Slow(H10.AddHours(2), p95: 2_000), default);

        var resolved = Assert.Single(healthy.Resolved);
        Assert.Equal(AlertState.Resolved, resolved.State);
        Assert.Equal(2_000, resolved.Value);
        Assert.Empty(healthy.Firing);
        Assert.Equal([(LatencyKey, AlertState.Firing), (LatencyKey, AlertState.Resolved)], _slack.Sent);

        var healthyAgain = await Engine().EvaluateAsync(Slow(H10.AddHours(3), p95: 2_000), default);
        Assert.Empty(healthyAgain.Notifications);
        Assert.Equal(2, _slack.Sent.Count);
    }

    [Fact]
    public async Task Older_hours_than_the_last_judged_one_do_not_change_the_state()
    {
        await Engine().EvaluateAsync(Slow(H10.AddHours(1), p95: 2_000), default);
        await Engine().EvaluateAsync(Slow(H10.AddHours(2)), default);

        // A window that ends before the judged hour (e.g. a re-run for an old hour) leaves the alert firing.
        var stale = await Engine().EvaluateAsync(Slow(H10, p95: 1_000), default);

        Assert.Empty(stale.Resolved);
        Assert.Single(stale.Firing);
    }

    [Fact]
    public async Task A_failed_notification_keeps_the_alert_and_is_retried_next_time_on_that_channel_only()
    {
        _teams.Failing = true;
        var first = await Engine().EvaluateAsync(Slow(H10), default);

        Assert.Single(first.Fired);
        var failed = Assert.Single(first.Notifications, n => !n.Succeeded);
        Assert.Equal("teams", failed.Channel);
        var record = Assert.Single(await _store.GetAllAsync(default));
        Assert.Equal(["slack"], record.DeliveredChannels);
        Assert.Contains("teams: HTTP 503", record.LastNotificationError, StringComparison.Ordinal);
        Assert.Equal(1, record.FailedNotificationRounds);

        _teams.Failing = false;
        var retry = await Engine().EvaluateAsync(Slow(H10), default);

        var delivered = Assert.Single(retry.Notifications);
        Assert.Equal(("teams", true), (delivered.Channel, delivered.Succeeded));
        Assert.Single(_slack.Sent);
        Assert.Equal([(LatencyKey, AlertState.Firing)], _teams.Sent);
        record = Assert.Single(await _store.GetAllAsync(default));
        Assert.Null(record.LastNotificationError);
        Assert.Equal(["slack", "teams"], record.DeliveredChannels);
    }

    [Fact]
    public async Task Only_channels_that_heard_the_firing_hear_the_resolution()
    {
        _teams.Failing = true;
        await Engine().EvaluateAsync(Slow(H10), default);
        _teams.Failing = false;

        var resolved = await Engine().EvaluateAsync(Slow(H10.AddHours(1), p95: 1_000), default);

        Assert.Single(resolved.Resolved);
        Assert.Equal([(LatencyKey, AlertState.Firing), (LatencyKey, AlertState.Resolved)], _slack.Sent);
        Assert.Empty(_teams.Sent);
    }

    [Fact]
    public async Task A_concurrent_evaluation_does_not_notify_while_another_holds_the_claim()
    {
        AlertEvaluationResult? concurrent = null;
        _slack.DuringSend = async () =>
        {
            // A second timer run starts while the first is still sending.
            _slack.DuringSend = null;
            concurrent = await Engine().EvaluateAsync(Slow(H10), default);
        };

        var first = await Engine().EvaluateAsync(Slow(H10), default);

        Assert.NotNull(concurrent);
        Assert.Empty(concurrent.Notifications);
        Assert.Empty(concurrent.Fired);
        Assert.Equal(2, first.Notifications.Count);
        Assert.Single(_slack.Sent);
        Assert.Single(_teams.Sent);
    }

    [Fact]
    public async Task A_record_changed_between_read_and_write_is_skipped_as_a_conflict()
    {
        var store = new RacingStore(_store);
        var engine = new AlertEngine(store, new AlertNotifier([_slack]), Options.Create(new AlertOptions()));

        var result = await engine.EvaluateAsync(Slow(H10), default);

        Assert.Equal(1, result.Conflicts);
        Assert.Empty(result.Fired);
        Assert.Empty(_slack.Sent);
    }

    [Fact]
    public async Task Alerts_are_recorded_even_with_no_channel_configured_and_listed_for_the_api()
    {
        var engine = new AlertEngine(_store, new AlertNotifier([]), Options.Create(new AlertOptions()));
        var input = Slow(H10) with
        {
            EmptyRuns = [new ShardRun("s1", 6, H10.AddMinutes(1), H10.AddMinutes(2))],
        };

        var result = await engine.EvaluateAsync(input, default);

        Assert.Equal(2, result.Fired.Count);
        Assert.Empty(result.Notifications);
        var listing = await _store.ListAsync(H10, 10, default);
        Assert.Equal(AlertRuleIds.ConsecutiveEmptyResponses, listing.Firing[0].RuleId); // critical first
        Assert.Equal(2, listing.Firing.Count);
        Assert.Equal(2, listing.History.Count);
        Assert.Empty(listing.Resolved);
    }

    /// <summary>Inserts a competing record right before the engine's first write, as a concurrent run would.</summary>
    private sealed class RacingStore(InMemoryAlertStore inner) : IAlertStore
    {
        private bool _raced;

        public Task<IReadOnlyList<AlertRecord>> GetAllAsync(CancellationToken cancellationToken) => inner.GetAllAsync(cancellationToken);

        public async Task<AlertRecord> SaveAsync(AlertRecord record, CancellationToken cancellationToken)
        {
            if (!_raced)
            {
                _raced = true;
                await inner.SaveAsync(record with { ETag = null, ClaimedUntil = DateTimeOffset.MaxValue }, cancellationToken);
            }

            return await inner.SaveAsync(record, cancellationToken);
        }

        public Task AppendHistoryAsync(AlertHistoryEntry entry, CancellationToken cancellationToken) => inner.AppendHistoryAsync(entry, cancellationToken);

        public Task<AlertListing> ListAsync(DateTimeOffset since, int maxHistory, CancellationToken cancellationToken) =>
            inner.ListAsync(since, maxHistory, cancellationToken);
    }
}
