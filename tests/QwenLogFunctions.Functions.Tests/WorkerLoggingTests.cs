using System.Collections.Concurrent;
using System.Text;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QwenLogFunctions.Storage.Ingestion;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests;

/// <summary>
/// The worker as Program.cs builds it, ingesting a blob from Azurite: the Azure SDK's per-request Information logs
/// (forwarded by Microsoft.Extensions.Azure) must not reach the worker's loggers, which send every entry to the host
/// over gRPC — two or more per table transaction, tens of thousands per large shard.
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class WorkerLoggingTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Azure_sdk_request_logs_below_warning_are_not_forwarded()
    {
        var captured = new ConcurrentQueue<(string Category, LogLevel Level)>();
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["QwenLogs:TablePrefix"] = AzuriteFixture.UniqueName("l"),
            ["QwenLogs:RetentionDays"] = "0",
        });
        builder.AddQwenLogFunctionsApp();
        builder.Logging.AddProvider(new Capturing(captured));
        using var host = builder.Build();

        var container = azurite.BlobService.GetBlobContainerClient(AzuriteFixture.UniqueName("logs"));
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient("a.jsonl");
        await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(
            "{\"timestamp\": 1736935200, \"input\": \"q\", \"output\": \"a\", \"metadata\": {\"prompt_tokens\": 1, \"completion_tokens\": 1, \"total_latency_ms\": 5}}\n")));

        var result = await host.Services.GetRequiredService<IngestionService>().IngestAsync(blob, CancellationToken.None);

        Assert.Equal(IngestOutcome.Ingested, result.Outcome);
        Assert.Contains(captured, entry => entry.Category.StartsWith("QwenLogFunctions", StringComparison.Ordinal));
        Assert.DoesNotContain(captured, entry => entry.Category.StartsWith("Azure", StringComparison.Ordinal) && entry.Level < LogLevel.Warning);
    }

    [Fact]
    public void The_host_logs_its_own_azure_sdk_requests_only_from_warning_up()
    {
        // The host's blob-trigger scans and locks are Azure SDK requests too: a log line each at Information.
        using var hostJson = System.Text.Json.JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("host.json")));
        Assert.Equal("Warning", hostJson.RootElement.GetProperty("logging").GetProperty("logLevel").GetProperty("Azure.Core").GetString());
    }

    private sealed class Capturing(ConcurrentQueue<(string Category, LogLevel Level)> entries) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => new Logger(entries, categoryName);

        public void Dispose()
        {
        }

        private sealed class Logger(ConcurrentQueue<(string Category, LogLevel Level)> entries, string category) : ILogger
        {
            public IDisposable? BeginScope<TState>(TState state)
                where TState : notnull => null;

            public bool IsEnabled(LogLevel logLevel) => true;

            public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
                entries.Enqueue((category, logLevel));
        }
    }
}
