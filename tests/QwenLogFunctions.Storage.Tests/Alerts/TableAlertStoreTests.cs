using Microsoft.Extensions.Options;
using QwenLogFunctions.Alerting;
using QwenLogFunctions.Alerting.Notifications;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Storage.Alerts;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests.Alerts;

/// <summary>The table store against a real Azurite. A class fixture (not the shared collection) keeps this folder self-contained.</summary>
public sealed class TableAlertStoreTests(AzuriteFixture azurite) : IClassFixture<AzuriteFixture>
{
    private static readonly DateTimeOffset H10 = new(2025, 3, 1, 10, 0, 0, TimeSpan.Zero);

    private TableAlertStore NewStore() => new(azurite.TableService, AzuriteFixture.UniqueName("t"));

    private static AlertRecord Record(string key, string model = "Qwen/Qwen2.5-7B#1?") => new()
    {
        Key = key,
        RuleId = AlertRuleIds.LatencyP95,
        Model = model,
        Hour = H10,
        State = AlertState.Firing,
        Severity = AlertSeverity.Warning,
        Value = 12_345.5,
        Threshold = 10_000,
        Unit = AlertUnits.Milliseconds,
        Message = "P95 总延迟 12,346 ms / P95 total latency 12,346 ms",
        FiredAt = H10.AddHours(1),
        UpdatedAt = H10.AddHours(1),
        DeliveredChannels = ["slack", "teams"],
        LastNotificationError = "wecom: errcode 93000: invalid webhook url",
        FailedNotificationRounds = 2,
        ClaimedUntil = H10.AddHours(1).AddMinutes(10),
    };

    [Fact]
    public async Task Saves_and_reads_back_every_field_with_keys_Azure_would_refuse_unescaped()
    {
        var store = NewStore();
        var key = AlertKeys.Of(AlertRuleIds.LatencyP95, "Qwen/Qwen2.5-7B#1?", string.Empty);

        var saved = await store.SaveAsync(Record(key), default);
        var loaded = Assert.Single(await store.GetAllAsync(default));

        Assert.NotNull(saved.ETag);
        Assert.Equal(saved, loaded with { DeliveredChannels = saved.DeliveredChannels, AnnouncedChannels = saved.AnnouncedChannels });
        Assert.Equal(["slack", "teams"], loaded.DeliveredChannels);
        Assert.Empty(loaded.AnnouncedChannels);
        Assert.Equal("latency_p95|Qwen%2FQwen2.5-7B%231%3F", TableAlertStore.EscapeKey(key));
    }

    [Fact]
    public async Task A_stale_ETag_or_a_second_insert_is_a_concurrency_conflict()
    {
        var store = NewStore();
        var first = await store.SaveAsync(Record("k1"), default);
        var second = await store.SaveAsync(first with { Value = 1 }, default);

        await Assert.ThrowsAsync<AlertConcurrencyException>(() => store.SaveAsync(first with { Value = 2 }, default));
        await Assert.ThrowsAsync<AlertConcurrencyException>(() => store.SaveAsync(Record("k1"), default));
        Assert.NotEqual(first.ETag, second.ETag);
        Assert.Equal(1, Assert.Single(await store.GetAllAsync(default)).Value);
    }

    [Fact]
    public async Task Lists_firing_resolved_since_and_history_newest_first()
    {
        var store = NewStore();
        await store.SaveAsync(Record("firing"), default);
        await store.SaveAsync(Record("old") with { State = AlertState.Resolved, ResolvedAt = H10.AddHours(-30) }, default);
        await store.SaveAsync(Record("recent") with { State = AlertState.Resolved, ResolvedAt = H10.AddHours(2) }, default);
        for (int i = 0; i < 5; i++)
        {
            await store.AppendHistoryAsync(
                new AlertHistoryEntry("firing", AlertRuleIds.LatencyP95, "all", string.Empty, H10, AlertHistoryEvents.Notified, H10.AddMinutes(i * 10),
                    1, 2, AlertUnits.Milliseconds, AlertSeverity.Warning, "m", "slack"),
                default);
        }

        var listing = await store.ListAsync(H10.AddMinutes(10), 3, default);

        Assert.Equal("firing", Assert.Single(listing.Firing).Key);
        Assert.Equal("recent", Assert.Single(listing.Resolved).Key);
        Assert.Equal([H10.AddMinutes(40), H10.AddMinutes(30), H10.AddMinutes(20)], listing.History.Select(h => h.At));
        Assert.Equal("slack", listing.History[0].Channel);
        Assert.Equal(4, (await store.ListAsync(H10.AddMinutes(10), 100, default)).History.Count);
    }

    [Fact]
    public async Task The_engine_over_tables_notifies_once_across_two_runs_and_resolves()
    {
        var store = NewStore();
        var channel = new CountingChannel();
        var engine = new AlertEngine(store, new AlertNotifier([channel]), Options.Create(new AlertOptions()));
        AlertEvaluationInput Input(DateTimeOffset hour, double p95) => new()
        {
            Now = hour.AddHours(1),
            Hours = [new ScopedHour("all", new HourlyStatistics { Hour = hour, TotalRequests = 50, LatencyMs = new PercentileSummary(50, 1, 1, p95, p95, p95) })],
        };

        var first = await engine.EvaluateAsync(Input(H10, 20_000), default);
        var again = await engine.EvaluateAsync(Input(H10, 20_000), default);
        var cleared = await engine.EvaluateAsync(Input(H10.AddHours(1), 500), default);

        Assert.Single(first.Fired);
        Assert.Empty(again.Notifications);
        Assert.Single(cleared.Resolved);
        Assert.Equal([AlertState.Firing, AlertState.Resolved], channel.States);
        var listing = await store.ListAsync(H10, 10, default);
        Assert.Equal(["notified", "resolved", "notified", "fired"], listing.History.Select(h => h.Event));
    }

    private sealed class CountingChannel : INotificationChannel
    {
        public List<AlertState> States { get; } = [];

        public string Name => "counting";

        public Task SendAsync(AlertRecord alert, CancellationToken cancellationToken)
        {
            States.Add(alert.State);
            return Task.CompletedTask;
        }
    }
}
