using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Functions.Triggers;
using QwenLogFunctions.Functions.Http;
using QwenLogFunctions.Storage.Aggregation;
using QwenLogFunctions.Storage.Queries;
using QwenLogFunctions.Pipeline;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests;

/// <summary>The function classes, resolved from the app's own DI registration, against Azurite.</summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class HttpAndTriggerFunctionTests(AzuriteFixture azurite)
{
    private const string Line =
        "{\"timestamp\": 1736935200.5, \"level\": \"INFO\", \"request_id\": \"r1\", \"model\": \"qwen\", \"input\": \"hi\", \"output\": \"\", " +
        "\"metadata\": {\"prompt_tokens\": 3, \"completion_tokens\": 0, \"total_latency_ms\": 120.5, \"device\": \"gpu\"}}\n";

    [Fact]
    public async Task Uploaded_blob_flows_through_ingest_aggregate_and_the_http_api()
    {
        using var services = BuildServices();
        string container = AzuriteFixture.UniqueName("logs");
        var blobs = azurite.BlobService.GetBlobContainerClient(container);
        await blobs.CreateIfNotExistsAsync();
        var blob = blobs.GetBlobClient("day1/node a.jsonl");
        await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(Line + Line.Replace("r1", "r2", StringComparison.Ordinal) + "not json\n")));

        await ActivatorUtilities.CreateInstance<IngestFunctions>(services).Ingest(blob, CancellationToken.None);
        await ActivatorUtilities.CreateInstance<AggregateFunction>(services).Aggregate(new TimerInfo(), CancellationToken.None);
        var merged = await services.GetRequiredService<AggregationService>().AggregateAsync(DateTimeOffset.Parse("2025-01-15T10:00:00Z", CultureInfo.InvariantCulture), CancellationToken.None);
        Assert.Equal(2, merged.Hours.Single().Overall.TotalRequests);
        Assert.Equal(2, merged.Hours.Single().MaxConsecutiveEmptyResponses);

        var report = ActivatorUtilities.CreateInstance<ReportFunction>(services);
        var ok = Assert.IsType<ContentResult>(await report.Run(Request("from=2025-01-15T10:00:00Z&to=2025-01-15T11:00:00Z"), CancellationToken.None));
        Assert.Equal(200, ok.StatusCode);
        var body = ReportJson.Deserialize(ok.Content!)!;
        Assert.Equal(new LineCounts(3, 2, 1, 0), body.Lines);
        Assert.Equal(2, body.Flags["empty_response"]);

        var requests = ActivatorUtilities.CreateInstance<RequestsFunction>(services);
        var page = Assert.IsType<ContentResult>(await requests.Run(Request("hour=2025-01-15T10:30:00Z&flag=empty_response"), CancellationToken.None));
        using (var json = JsonDocument.Parse(page.Content!))
        {
            Assert.Equal(2, json.RootElement.GetProperty("requests").GetArrayLength());
            Assert.Equal("day1/node a.jsonl", json.RootElement.GetProperty("requests")[0].GetProperty("shard").GetString());
        }

        var shards = ActivatorUtilities.CreateInstance<ShardsFunction>(services);
        var status = Assert.IsType<ContentResult>(await shards.Get(Request(""), "day1/node a.jsonl", CancellationToken.None));
        using (var json = JsonDocument.Parse(status.Content!))
        {
            Assert.Equal("succeeded", json.RootElement.GetProperty("status").GetString());
            Assert.Equal(3, json.RootElement.GetProperty("rejects")[0].GetProperty("line").GetInt64());
        }

        Assert.Equal(404, Assert.IsType<ContentResult>(await shards.Get(Request(""), "nope.jsonl", CancellationToken.None)).StatusCode);
        Assert.Equal(202, Assert.IsType<ContentResult>(await shards.Purge(Request(""), "day1/node a.jsonl", CancellationToken.None)).StatusCode);
    }

    [Theory]
    [InlineData("to=2025-01-15T11:00:00Z", "'from' is required")]
    [InlineData("from=yesterday&to=2025-01-15T11:00:00Z", "not an ISO 8601 time")]
    [InlineData("from=2025-01-16T00:00:00Z&to=2025-01-15T00:00:00Z", "must be before")]
    [InlineData("from=2025-01-01T00:00:00Z&to=2025-06-01T00:00:00Z", "maximum of 93 days")]
    [InlineData("from=2025-01-15T10:00:00Z&to=2025-01-15T11:00:00Z&format=xml", "Unknown format 'xml'. Supported formats: json, html, csv.")]
    public async Task Report_answers_400_with_what_to_fix(string query, string expected)
    {
        using var services = BuildServices();
        var result = Assert.IsType<ContentResult>(await HttpAnswers.Of(() => ActivatorUtilities.CreateInstance<ReportFunction>(services).Run(Request(query), CancellationToken.None)));
        AssertError(result, expected);
    }

    [Theory]
    [InlineData("flag=empty_response", "'hour' is required")]
    [InlineData("hour=2025-01-15T10:00:00Z&flag=bogus", "Valid flags: empty_response")]
    [InlineData("hour=2025-01-15T10:00:00Z&pageSize=5000", "pageSize must be between 1 and 1000")]
    [InlineData("hour=2025-01-15T10:00:00Z&pageSize=ten", "must be a whole number")]
    [InlineData("hour=2025-01-15T10:00:00Z&continuationToken=bm90IG91cnM", "belongs to another query")]
    public async Task Requests_answers_400_with_what_to_fix(string query, string expected)
    {
        using var services = BuildServices();
        var result = Assert.IsType<ContentResult>(await HttpAnswers.Of(() => ActivatorUtilities.CreateInstance<RequestsFunction>(services).Run(Request(query), CancellationToken.None)));
        AssertError(result, expected);
    }

    [Fact]
    public async Task Alerts_lists_the_store_and_refuses_bad_parameters()
    {
        using var services = BuildServices();
        var alerts = ActivatorUtilities.CreateInstance<AlertsFunction>(services);

        var ok = Assert.IsType<ContentResult>(await alerts.Run(Request("since=2025-01-01T00:00:00Z"), CancellationToken.None));
        Assert.Equal(200, ok.StatusCode);
        using (var json = JsonDocument.Parse(ok.Content!))
        {
            Assert.Equal(0, json.RootElement.GetProperty("firing").GetArrayLength());
        }

        AssertError(Assert.IsType<ContentResult>(await HttpAnswers.Of(() => alerts.Run(Request("since=soon"), CancellationToken.None))), "not an ISO 8601 time");
        AssertError(Assert.IsType<ContentResult>(await HttpAnswers.Of(() => alerts.Run(Request("maxHistory=-1"), CancellationToken.None))), "maxHistory must be between");
    }

    [Fact]
    public void Only_query_validation_failures_become_400_wherever_they_are_in_the_exception_chain()
    {
        AssertError(QueryValidationMiddleware.ResultFor(new QueryValidationException("fix 'from'"))!, "fix 'from'");
        AssertError(QueryValidationMiddleware.ResultFor(new AggregateException(new QueryValidationException("fix 'to'")))!, "fix 'to'");
        Assert.Null(QueryValidationMiddleware.ResultFor(new InvalidOperationException("storage down")));
    }

    private static void AssertError(ContentResult result, string expected)
    {
        Assert.Equal(400, result.StatusCode);
        using var json = JsonDocument.Parse(result.Content!);
        Assert.Contains(expected, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }

    private static HttpRequest Request(string query)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?" + query);
        return context.Request;
    }

    private ServiceProvider BuildServices()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["QwenLogs:TablePrefix"] = AzuriteFixture.UniqueName("f"),
            ["QwenLogs:RetentionDays"] = "0",
        }).Build();
        return new ServiceCollection().AddLogging().AddQwenLogPipeline(configuration).BuildServiceProvider(validateScopes: true);
    }
}
