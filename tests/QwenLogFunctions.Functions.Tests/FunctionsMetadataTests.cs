using System.Reflection.Metadata;
using System.Reflection.PortableExecutable;
using System.Text.Json;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests;

/// <summary>What the Functions host will index, read from the build output (Core Tools cannot run here).</summary>
public sealed class FunctionsMetadataTests
{
    private static readonly string OutputDirectory = RepositoryPaths.Combine(
        "src", "QwenLogFunctions.Functions", "bin", AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug", "net10.0");

    [Fact]
    public void The_sample_generator_is_not_deployed_with_the_app()
    {
        // What publish copies is the build output's dependency closure: no Generation assembly, and no generator
        // type inside any of our assemblies (it lived in Core before).
        string deps = File.ReadAllText(Path.Combine(OutputDirectory, "QwenLogFunctions.Functions.deps.json"));
        Assert.DoesNotContain("QwenLogFunctions.Generation", deps, StringComparison.Ordinal);
        var ours = Directory.GetFiles(OutputDirectory, "QwenLogFunctions.*.dll");
        Assert.Contains(ours, path => Path.GetFileName(path) == "QwenLogFunctions.Core.dll");
        foreach (string assembly in ours)
        {
            using var pe = new PEReader(File.OpenRead(assembly));
            var metadata = pe.GetMetadataReader();
            var types = metadata.TypeDefinitions.Select(handle => metadata.GetString(metadata.GetTypeDefinition(handle).Name));
            Assert.DoesNotContain("SampleLogGenerator", types);
        }
    }

    [Fact]
    public void Metadata_has_both_blob_triggers_the_timer_and_function_key_http_routes()
    {
        using var metadata = JsonDocument.Parse(File.ReadAllText(Path.Combine(OutputDirectory, "functions.metadata")));
        var bindings = metadata.RootElement.EnumerateArray().ToDictionary(
            f => f.GetProperty("name").GetString()!,
            f => f.GetProperty("bindings").EnumerateArray().First(b => b.GetProperty("direction").GetString() == "In"));

        foreach (var (name, source) in new[] { ("Ingest", "LogsAndContainerScan"), ("IngestFromEventGrid", "EventGrid") })
        {
            Assert.Equal("blobTrigger", bindings[name].GetProperty("type").GetString());
            Assert.Equal("%QwenLogs:LogsContainer%/{name}", bindings[name].GetProperty("path").GetString());
            Assert.Equal(source, bindings[name].GetProperty("source").GetString());
        }

        Assert.Equal("timerTrigger", bindings["Aggregate"].GetProperty("type").GetString());
        Assert.Equal("%QwenLogs:AggregateSchedule%", bindings["Aggregate"].GetProperty("schedule").GetString());
        Assert.Equal("timerTrigger", bindings["Reconcile"].GetProperty("type").GetString());
        Assert.Equal("%QwenLogs:ReconcileSchedule%", bindings["Reconcile"].GetProperty("schedule").GetString());

        // DELETE /api/shards/{name} only accepts the purge; this queue function does it.
        Assert.Equal("queueTrigger", bindings["PurgeShard"].GetProperty("type").GetString());
        Assert.Equal("qwenlog-shard-purges", bindings["PurgeShard"].GetProperty("queueName").GetString());

        foreach (var (name, method, route) in new[]
        {
            ("Report", "get", "report"), ("Metrics", "get", "metrics"), ("Requests", "get", "requests"), ("ShardStatus", "get", "shards/{*name}"), ("ShardPurge", "delete", "shards/{*name}"), ("Alerts", "get", "alerts"),
            ("AuditSample", "get", "audit-sample"),
        })
        {
            var http = bindings[name];
            Assert.Equal("httpTrigger", http.GetProperty("type").GetString());
            Assert.Equal("Function", http.GetProperty("authLevel").GetString());
            Assert.Equal(route, http.GetProperty("route").GetString());
            Assert.Equal([method], http.GetProperty("methods").EnumerateArray().Select(m => m.GetString()));
        }

        Assert.Equal(
            ["Aggregate", "Alerts", "AuditSample", "Ingest", "IngestFromEventGrid", "Metrics", "PurgeShard", "Reconcile", "Report", "Requests", "ShardPurge", "ShardStatus"],
            bindings.Keys.Order(StringComparer.Ordinal));
    }

    [Fact]
    public void Output_host_json_is_the_repository_host_json()
    {
        Assert.Equal(File.ReadAllText(RepositoryPaths.Combine("host.json")), File.ReadAllText(Path.Combine(OutputDirectory, "host.json")));
    }

    [Fact]
    public void Local_settings_disable_the_event_grid_trigger_and_name_every_binding_setting()
    {
        using var settings = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("src", "QwenLogFunctions.Functions", "local.settings.json")));
        var values = settings.RootElement.GetProperty("Values");

        // Locally the polling trigger runs (Azurite has no Event Grid); the underscore spelling works on Linux too.
        Assert.Equal("false", values.GetProperty("AzureWebJobs_Ingest_Disabled").GetString());
        Assert.Equal("true", values.GetProperty("AzureWebJobs_IngestFromEventGrid_Disabled").GetString());
        Assert.False(values.TryGetProperty("AzureWebJobs.IngestFromEventGrid.Disabled", out _));
        Assert.Equal("UseDevelopmentStorage=true", values.GetProperty("AzureWebJobsStorage").GetString());
        Assert.False(string.IsNullOrEmpty(values.GetProperty("QwenLogs__LogsContainer").GetString()));
        Assert.False(string.IsNullOrEmpty(values.GetProperty("QwenLogs__AggregateSchedule").GetString()));
        Assert.False(string.IsNullOrEmpty(values.GetProperty("QwenLogs__ReconcileSchedule").GetString()));
    }
}
