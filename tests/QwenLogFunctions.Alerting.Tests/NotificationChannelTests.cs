using System.Globalization;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QwenLogFunctions.Alerting;
using QwenLogFunctions.Alerting.Notifications;
using QwenLogFunctions.TestUtility;
using static QwenLogFunctions.Alerting.Tests.Hours;

namespace QwenLogFunctions.Alerting.Tests;

/// <summary>Each channel against a real HTTP listener on loopback, wired exactly as the app wires it.</summary>
public sealed class NotificationChannelTests : IAsyncLifetime, IDisposable
{
    private const string DingTalkSecret = "SECtest0123456789abcdef";
    private const string WeComKey = "wecom-key-693axxx6-7aoc-4bc4-97a0-0ec2sifa5aaa";

    private readonly CapturingLoggerProvider _logs = new();
    private LoopbackHttpListener _listener = null!;
    private Func<LoopbackHttpListener.Request, LoopbackHttpListener.Response> _respond = Ok;

    private static readonly AlertRecord Firing = new()
    {
        Key = "flag_rate|qwen2.5-7b|pii_phone",
        RuleId = AlertRuleIds.FlagRate,
        Model = "qwen2.5-7b",
        Subject = "pii_phone",
        Hour = H10,
        State = AlertState.Firing,
        Severity = AlertSeverity.Warning,
        Value = 0.075,
        Threshold = 0.05,
        Unit = AlertUnits.Ratio,
        Message = "[qwen2.5-7b @ 2025-03-01 10:00Z] 标记 pii_phone 的请求占比 7.5% / Requests flagged pii_phone: 7.5%",
        FiredAt = H10.AddHours(1).AddMinutes(5),
        UpdatedAt = H10.AddHours(1).AddMinutes(5),
    };

    public Task InitializeAsync()
    {
        _listener = LoopbackHttpListener.Start(request => _respond(request));
        return Task.CompletedTask;
    }

    public async Task DisposeAsync()
    {
        await _listener.DisposeAsync();
    }

    public void Dispose() => _logs.Dispose();

    private static LoopbackHttpListener.Response Ok(LoopbackHttpListener.Request request) =>
        request.Path.StartsWith("/wecom", StringComparison.Ordinal) || request.Path.StartsWith("/dingtalk", StringComparison.Ordinal)
            ? new(200, """{"errcode":0,"errmsg":"ok"}""")
            : request.Path.StartsWith("/teams", StringComparison.Ordinal) ? new(202) : new(200, "ok", "text/plain");

    private ServiceProvider Services(params (string Key, string Value)[] settings)
    {
        var values = new Dictionary<string, string?>
        {
            ["QwenLogs:Notifications:InitialRetryDelay"] = "00:00:00.010",
        };
        foreach (var (key, value) in settings)
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection();
        services.AddLogging(logging => logging.AddProvider(_logs).SetMinimumLevel(LogLevel.Trace));
        services.AddQwenLogAlerting(configuration);
        return services.BuildServiceProvider();
    }

    private ServiceProvider AllChannels() => Services(
        ("QwenLogs:Notifications:WebhookUrl", _listener.Url("/generic/hook?token=generic-secret").ToString()),
        ("QwenLogs:Notifications:SlackWebhookUrl", _listener.Url("/slack/services/T000/B000/slacksecret").ToString()),
        ("QwenLogs:Notifications:TeamsWebhookUrl", _listener.Url("/teams/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=teamssecret").ToString()),
        ("QwenLogs:Notifications:WeComWebhookUrl", _listener.Url("/wecom/cgi-bin/webhook/send?key=" + WeComKey).ToString()),
        ("QwenLogs:Notifications:DingTalkWebhookUrl", _listener.Url("/dingtalk/robot/send?access_token=dingtoken").ToString()),
        ("QwenLogs:Notifications:DingTalkSecret", DingTalkSecret));

    private async Task<JsonElement> SendAndReceiveAsync(string channelName, string pathPrefix)
    {
        using var services = AllChannels();
        var channel = services.GetRequiredService<AlertNotifier>().Channels.Single(c => c.Name == channelName);
        await channel.SendAsync(Firing, default);
        var request = Assert.Single(_listener.Requests, r => r.Path.StartsWith(pathPrefix, StringComparison.Ordinal));
        Assert.Equal("POST", request.Method);
        Assert.StartsWith("application/json", request.Headers["Content-Type"], StringComparison.Ordinal);
        return JsonDocument.Parse(request.Body).RootElement.Clone();
    }

    [Fact]
    public void All_five_channels_are_configured_in_a_fixed_order()
    {
        using var services = AllChannels();
        Assert.Equal(["webhook", "slack", "teams", "wecom", "dingtalk"], services.GetRequiredService<AlertNotifier>().ChannelNames);
        using var none = Services();
        Assert.Empty(none.GetRequiredService<AlertNotifier>().Channels);
    }

    [Fact]
    public async Task Generic_webhook_posts_the_alert_fields()
    {
        var body = await SendAndReceiveAsync("webhook", "/generic/hook");

        Assert.Equal("firing", body.GetProperty("status").GetString());
        var alert = body.GetProperty("alert");
        Assert.Equal("flag_rate", alert.GetProperty("rule_id").GetString());
        Assert.Equal("qwen2.5-7b", alert.GetProperty("model").GetString());
        Assert.Equal("pii_phone", alert.GetProperty("subject").GetString());
        Assert.Equal("2025-03-01T10:00:00Z", alert.GetProperty("hour").GetString());
        Assert.Equal(0.075, alert.GetProperty("value").GetDouble());
        Assert.Equal(0.05, alert.GetProperty("threshold").GetDouble());
        Assert.Equal("warning", alert.GetProperty("severity").GetString());
        Assert.Equal(Firing.Message, alert.GetProperty("message").GetString());
        Assert.Equal(JsonValueKind.Null, alert.GetProperty("resolved_at").ValueKind);
    }

    [Fact]
    public async Task Slack_gets_text_and_blocks()
    {
        var body = await SendAndReceiveAsync("slack", "/slack/services");

        Assert.Contains("FIRING", body.GetProperty("text").GetString(), StringComparison.Ordinal);
        var blocks = body.GetProperty("blocks");
        Assert.Equal("header", blocks[0].GetProperty("type").GetString());
        Assert.Equal("plain_text", blocks[0].GetProperty("text").GetProperty("type").GetString());
        Assert.Equal("mrkdwn", blocks[1].GetProperty("text").GetProperty("type").GetString());
        var fields = blocks[2].GetProperty("fields").EnumerateArray().Select(f => f.GetProperty("text").GetString()).ToList();
        Assert.Contains("*测量值 Value*\n7.5%", fields);
        Assert.Contains("*阈值 Threshold*\n5%", fields);
        Assert.True(fields.Count <= 10, "Slack allows at most 10 fields per section");
    }

    [Fact]
    public async Task Teams_gets_an_adaptive_card_1_4_message()
    {
        var body = await SendAndReceiveAsync("teams", "/teams/workflows");

        Assert.Equal("message", body.GetProperty("type").GetString());
        var attachment = Assert.Single(body.GetProperty("attachments").EnumerateArray());
        Assert.Equal("application/vnd.microsoft.card.adaptive", attachment.GetProperty("contentType").GetString());
        var card = attachment.GetProperty("content");
        Assert.Equal("AdaptiveCard", card.GetProperty("type").GetString());
        Assert.Equal("1.4", card.GetProperty("version").GetString());
        var body0 = card.GetProperty("body");
        Assert.Equal("Attention", body0[0].GetProperty("color").GetString());
        var facts = body0[2].GetProperty("facts").EnumerateArray().ToDictionary(f => f.GetProperty("title").GetString()!, f => f.GetProperty("value").GetString());
        Assert.Equal("qwen2.5-7b @ 2025-03-01 10:00Z", facts["范围 Scope"]);
    }

    [Fact]
    public async Task WeCom_gets_markdown()
    {
        var body = await SendAndReceiveAsync("wecom", "/wecom/cgi-bin/webhook/send");

        Assert.Equal("markdown", body.GetProperty("msgtype").GetString());
        var content = body.GetProperty("markdown").GetProperty("content").GetString()!;
        Assert.StartsWith("## <font color=\"warning\">🔴 告警 FIRING · flag_rate: pii_phone · qwen2.5-7b</font>", content, StringComparison.Ordinal);
        Assert.Contains("> 测量值 Value: <font color=\"comment\">7.5%</font>", content, StringComparison.Ordinal);
        Assert.Equal(WeComKey, _listener.Requests.Single().Query("key"));
    }

    [Fact]
    public async Task DingTalk_gets_markdown_and_a_valid_signature()
    {
        var before = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();
        var body = await SendAndReceiveAsync("dingtalk", "/dingtalk/robot/send");
        var after = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

        Assert.Equal("markdown", body.GetProperty("msgtype").GetString());
        Assert.Contains("flag_rate", body.GetProperty("markdown").GetProperty("title").GetString(), StringComparison.Ordinal);
        Assert.Contains("- **阈值 Threshold**: 5%", body.GetProperty("markdown").GetProperty("text").GetString(), StringComparison.Ordinal);

        var request = _listener.Requests.Single();
        Assert.Equal("dingtoken", request.Query("access_token"));
        long timestamp = long.Parse(request.Query("timestamp")!, CultureInfo.InvariantCulture);
        Assert.InRange(timestamp, before, after);
        // Recompute as DingTalk's documentation does: HMAC-SHA256(secret, timestamp + "\n" + secret), base64.
        using var hmac = new System.Security.Cryptography.HMACSHA256(System.Text.Encoding.UTF8.GetBytes(DingTalkSecret));
        var expected = Convert.ToBase64String(hmac.ComputeHash(System.Text.Encoding.UTF8.GetBytes($"{timestamp}\n{DingTalkSecret}")));
        Assert.Equal(expected, request.Query("sign"));
        // The raw query carries the URL-encoded form (base64 '+', '/' and '=' escaped).
        Assert.Contains("sign=" + Uri.EscapeDataString(expected), request.PathAndQuery, StringComparison.Ordinal);
    }

    [Fact]
    public void DingTalk_signature_matches_a_known_value()
    {
        // Computed independently with Python: base64(hmac.new(b"SECabc", b"1700000000000\nSECabc", sha256).digest()).
        Assert.Equal("jcUpW0QmtKduN03n4JqQ0PBosVjqnM8gU7fIIvsDmCM=", DingTalkSigner.Sign(1_700_000_000_000, "SECabc"));
    }

    [Fact]
    public async Task An_errcode_in_a_200_answer_is_a_failure_and_is_retried_then_reported()
    {
        _respond = _ => new(200, """{"errcode":93000,"errmsg":"invalid webhook url"}""");
        using var services = AllChannels();
        var channel = services.GetRequiredService<AlertNotifier>().Channels.Single(c => c.Name == "wecom");

        var error = await Assert.ThrowsAsync<NotificationException>(() => channel.SendAsync(Firing, default));

        Assert.Contains("errcode 93000", error.Message, StringComparison.Ordinal);
        Assert.Equal(3, _listener.Requests.Count); // MaxAttempts
    }

    [Fact]
    public async Task A_server_error_is_retried_with_backoff_until_it_succeeds()
    {
        int calls = 0;
        _respond = _ => Interlocked.Increment(ref calls) < 3 ? new(503, "busy") : new(200, "ok");
        using var services = AllChannels();
        var channel = services.GetRequiredService<AlertNotifier>().Channels.Single(c => c.Name == "slack");

        await channel.SendAsync(Firing, default);

        Assert.Equal(3, _listener.Requests.Count);
    }

    [Fact]
    public async Task A_client_error_is_not_retried_within_the_evaluation()
    {
        _respond = _ => new(400, "invalid_payload", "text/plain");
        using var services = AllChannels();
        var channel = services.GetRequiredService<AlertNotifier>().Channels.Single(c => c.Name == "slack");

        var error = await Assert.ThrowsAsync<NotificationException>(() => channel.SendAsync(Firing, default));

        Assert.Equal("slack: HTTP 400: invalid_payload", error.Message);
        Assert.Single(_listener.Requests);
    }

    [Fact]
    public async Task Logs_never_contain_webhook_secrets()
    {
        _respond = _ => new(500, "down");
        using var services = AllChannels();
        var store = new InMemoryAlertStore();
        var engine = new AlertEngine(store, services.GetRequiredService<AlertNotifier>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AlertOptions>>(),
            services.GetRequiredService<ILogger<AlertEngine>>());

        var result = await engine.EvaluateAsync(
            new AlertEvaluationInput { Now = H10.AddHours(1), Hours = [new ScopedHour("all", Stats(H10, p95: 20_000))] }, default);

        Assert.Equal(5, result.Notifications.Count(n => !n.Succeeded));
        Assert.Equal(15, _listener.Requests.Count);
        var logs = string.Join("\n", _logs.Lines);
        Assert.Contains("Notification to slack (http://127.0.0.1:", logs, StringComparison.Ordinal);
        foreach (var secret in new[] { "generic-secret", "slacksecret", "teamssecret", WeComKey, "dingtoken", DingTalkSecret, "sign=", "/slack/services" })
        {
            Assert.DoesNotContain(secret, logs, StringComparison.Ordinal);
        }

        var record = Assert.Single(await store.GetAllAsync(default));
        Assert.DoesNotContain("slacksecret", record.LastNotificationError, StringComparison.Ordinal);
        Assert.Empty(record.DeliveredChannels);
    }

    [Fact]
    public async Task End_to_end_a_firing_alert_reaches_every_channel_once()
    {
        using var services = AllChannels();
        var store = new InMemoryAlertStore();
        var engine = new AlertEngine(store, services.GetRequiredService<AlertNotifier>(),
            services.GetRequiredService<Microsoft.Extensions.Options.IOptions<AlertOptions>>());
        var input = new AlertEvaluationInput { Now = H10.AddHours(1), Hours = [new ScopedHour("all", Stats(H10, decodeTps: 42))] };

        var first = await engine.EvaluateAsync(input, default);
        var second = await engine.EvaluateAsync(input, default);

        Assert.Equal(5, first.Notifications.Count(n => n.Succeeded));
        Assert.Empty(second.Notifications);
        Assert.Equal(5, _listener.Requests.Count);
    }
}
