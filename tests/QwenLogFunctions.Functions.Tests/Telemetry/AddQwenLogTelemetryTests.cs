using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Telemetry;
using QwenLogFunctions.Functions.Telemetry;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests.Telemetry;

[Collection(TelemetryTests.Name)]
public sealed class AddQwenLogTelemetryTests
{
    static AddQwenLogTelemetryTests()
    {
        // The exporter's SDK statistics would call the cloud metadata address; tests talk to loopback only.
        Environment.SetEnvironmentVariable("APPLICATIONINSIGHTS_SDKSTATS_DISABLED", "true");
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings, Action<IServiceCollection>? extra = null)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        var services = new ServiceCollection();
        services.AddLogging();
        services.AddQwenLogTelemetry(configuration, exporter =>
        {
            // Deterministic: no replay of stored batches, no rate-limited sampling, nothing but our telemetry.
            exporter.DisableOfflineStorage = true;
            exporter.EnableLiveMetrics = false;
            exporter.EnableStandardMetrics = false;
            exporter.EnablePerformanceCounters = false;
            exporter.SamplingRatio = 1;
            exporter.TracesPerSecond = null;
        });
        extra?.Invoke(services);
        return services.BuildServiceProvider();
    }

    [Fact]
    public void Without_a_connection_string_our_meter_is_collected_and_no_Azure_Monitor_exporter_is_registered()
    {
        var metrics = new List<Metric>();
        IServiceCollection? registered = null;
        using var services = Build([], s =>
        {
            s.ConfigureOpenTelemetryMeterProvider(builder => builder.AddInMemoryExporter(metrics));
            registered = s;
        });

        var provider = services.GetRequiredService<MeterProvider>();
        _ = services.GetRequiredService<TracerProvider>();
        services.GetRequiredService<QwenLogInstrumentation>().RecordRequest(Requests.Fast(flags: RequestFlags.Refusal));
        provider.ForceFlush();

        Assert.Contains(metrics, m => m.Name == "gen_ai.server.request.duration");
        Assert.Contains(metrics, m => m.Name == "qwenlog.requests.flagged");
        Assert.DoesNotContain(registered!, d =>
            (d.ServiceType.Namespace ?? string.Empty).StartsWith("Azure.Monitor", StringComparison.Ordinal)
            || (d.ImplementationType?.Namespace ?? string.Empty).StartsWith("Azure.Monitor", StringComparison.Ordinal)
            || d.ServiceType.GenericTypeArguments.Any(t => (t.Namespace ?? string.Empty).StartsWith("Azure.Monitor", StringComparison.Ordinal)));
    }

    [Fact]
    public async Task With_a_connection_string_our_metrics_reach_the_ingestion_endpoint()
    {
        await using var ingestion = LoopbackHttpListener.Start(request =>
            new(200, JsonSerializer.Serialize(new { itemsReceived = request.Body.Split('\n', StringSplitOptions.RemoveEmptyEntries).Length, itemsAccepted = 0, errors = Array.Empty<object>() })));
        var connectionString = $"InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint={ingestion.BaseUri}";
        using var services = Build(new() { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = connectionString });

        var meters = services.GetRequiredService<MeterProvider>();
        _ = services.GetRequiredService<TracerProvider>();
        var instrumentation = services.GetRequiredService<QwenLogInstrumentation>();
        using (var span = instrumentation.StartShardActivity("a.jsonl"))
        {
            Assert.True(span?.Recorded, "our ActivitySource is subscribed");
            instrumentation.RecordRequest(Requests.Fast(flags: RequestFlags.PiiEmail));
            instrumentation.RecordShard(1, 0, TimeSpan.FromSeconds(1), ShardStatus.Succeeded);
        }

        meters.ForceFlush();

        var metricsPost = await ingestion.WaitForAsync(
            r => r.Method == "POST" && r.Path == "/v2.1/track" && r.Body.Contains("gen_ai.server.request.duration", StringComparison.Ordinal),
            TimeSpan.FromSeconds(30));
        foreach (var name in new[] { "gen_ai.server.time_to_first_token", "gen_ai.client.token.usage", "qwenlog.decode.speed", "qwenlog.requests.flagged", "qwenlog.lines.ingested", "qwenlog.ingest.duration" })
        {
            Assert.Contains(ingestion.Requests, r => r.Body.Contains(name, StringComparison.Ordinal));
        }

        Assert.Contains("00000000-0000-0000-0000-000000000001", metricsPost.Body, StringComparison.Ordinal);
        Assert.All(ingestion.Requests, r => Assert.Equal("/v2.1/track", r.Path));
    }

    [Fact]
    public void Without_a_connection_string_the_host_is_not_told_to_drop_the_workers_log_lines()
    {
        // With WorkerOpenTelemetryEnabled the host leaves the worker's logs to the worker's exporter and prints none of
        // them: under func start (no Application Insights) the app's own lines would be invisible.
        using var services = Build([]);
        var capabilities = services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities;
        Assert.False(capabilities.ContainsKey("WorkerOpenTelemetryEnabled"));
    }

    [Fact]
    public void With_a_connection_string_the_worker_exports_its_own_logs_and_tells_the_host()
    {
        using var services = Build(new() { ["APPLICATIONINSIGHTS_CONNECTION_STRING"] = "InstrumentationKey=00000000-0000-0000-0000-000000000001;IngestionEndpoint=http://127.0.0.1:9/" });
        var capabilities = services.GetRequiredService<IOptions<WorkerOptions>>().Value.Capabilities;
        Assert.Equal(bool.TrueString, capabilities["WorkerOpenTelemetryEnabled"]);
    }
}
