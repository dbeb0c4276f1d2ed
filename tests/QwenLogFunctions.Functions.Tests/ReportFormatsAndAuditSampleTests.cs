using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Extensions.DependencyInjection;
using QwenLogFunctions.Alerting;
using QwenLogFunctions.Core.Audit;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Functions.Triggers;
using QwenLogFunctions.Functions.Http;
using QwenLogFunctions.Reporting;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests;

/// <summary>GET /api/report in its three formats and GET /api/audit-sample, against data ingested into Azurite.</summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class ReportFormatsAndAuditSampleTests(AzuriteFixture azurite)
{
    /// <summary>2025-01-15T10:00:00Z.</summary>
    private static readonly DateTimeOffset Hour = DateTimeOffset.FromUnixTimeSeconds(1_736_935_200);

    private const string Range = "from=2025-01-15T10:00:00Z&to=2025-01-15T13:00:00Z";

    [Fact]
    public async Task Report_is_json_by_default_and_html_or_csv_by_format_or_accept()
    {
        using var services = await IngestedAsync();
        var report = ActivatorUtilities.CreateInstance<ReportFunction>(services);
        await services.GetRequiredService<IAlertStore>().SaveAsync(Firing("latency_p95", "qwen-b", "<b>slow</b> model"), CancellationToken.None);
        await services.GetRequiredService<IAlertStore>().SaveAsync(Firing("decode_speed", "qwen-a", "other model"), CancellationToken.None);

        var json = Ok(await report.Run(AppServices.Request(Range), CancellationToken.None));
        Assert.StartsWith("application/json", json.ContentType, StringComparison.Ordinal);
        var parsed = ReportJson.Deserialize(json.Content!)!;
        Assert.Equal(60, parsed.Summary.TotalRequests);

        // The same body the renderers give for the same report: the HTTP API and the CLI share them.
        var html = Ok(await report.Run(AppServices.Request(Range + "&format=html&model=qwen-b"), CancellationToken.None));
        Assert.Equal(HtmlReportRenderer.ContentType, html.ContentType);
        Assert.StartsWith("<!DOCTYPE html>", html.Content, StringComparison.Ordinal);
        Assert.Contains("data-series=\"requests\"", html.Content, StringComparison.Ordinal);
        Assert.Contains("&lt;b&gt;slow&lt;/b&gt; model", html.Content, StringComparison.Ordinal);
        Assert.DoesNotContain("other model", html.Content, StringComparison.Ordinal);

        // Besides the two saved here, aggregation fired flag-rate alerts (10% empty responses): the page lists those of
        // qwen-b and of all models, not qwen-a's.
        var firing = (await services.GetRequiredService<IAlertStore>().ListAsync(Hour, 0, CancellationToken.None)).Firing;
        int shown = firing.Count(a => a.Model is "qwen-b" or "all");
        Assert.True(shown >= 3 && shown < firing.Count, $"{shown} of {firing.Count}");
        Assert.Contains($"Firing alerts ({shown})", html.Content, StringComparison.Ordinal);
        Assert.Contains("flag_rate:empty_response", html.Content, StringComparison.Ordinal);

        var csv = Ok(await report.Run(AppServices.Request(Range, accept: "text/html;q=0.5, text/csv"), CancellationToken.None));
        Assert.Equal(CsvReportRenderer.ContentType, csv.ContentType);
        Assert.Equal(CsvReportRenderer.Render(parsed), csv.Content);
        var rows = csv.Content!.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal(3, rows.Length);
        Assert.StartsWith("hour,total_requests,", rows[0], StringComparison.Ordinal);
        Assert.StartsWith("2025-01-15T10:00:00Z,30,", rows[1], StringComparison.Ordinal);

        var browser = Ok(await report.Run(AppServices.Request(Range, accept: "text/html,application/xhtml+xml,*/*;q=0.8"), CancellationToken.None));
        Assert.Equal(HtmlReportRenderer.ContentType, browser.ContentType);

        // An explicit format wins over Accept.
        var explicitJson = Ok(await report.Run(AppServices.Request(Range + "&format=JSON", accept: "text/csv"), CancellationToken.None));
        Assert.Equal(json.Content, explicitJson.Content);
    }

    [Theory]
    [InlineData("format=xml", null, "Unknown format 'xml'. Supported formats: json, html, csv.")]
    [InlineData("", "image/png", "Supported: application/json, text/html, text/csv")]
    public async Task Report_formats_it_cannot_produce_are_400_listing_the_supported_ones(string query, string? accept, string expected)
    {
        using var services = AppServices.Build(azurite, Hour);
        var result = await HttpAnswers.Of(() => ActivatorUtilities.CreateInstance<ReportFunction>(services).Run(AppServices.Request(query, accept), CancellationToken.None));
        AssertError(result, expected);
    }

    [Fact]
    public async Task Audit_sample_gives_the_sampled_requests_as_json_or_csv()
    {
        using var services = await IngestedAsync();
        var audit = ActivatorUtilities.CreateInstance<AuditSampleFunction>(services);
        var sampler = new AuditSampler(0.3);
        var expected = Enumerable.Range(0, 30).SelectMany(i => new[] { $"a-{i}", $"b-{i}" }).Where(sampler.Includes).Order(StringComparer.Ordinal).ToList();

        var json = Ok(await audit.Run(AppServices.Request(Range + "&rate=0.3"), CancellationToken.None));
        Assert.Equal(AuditSampleRenderer.JsonContentType, json.ContentType);
        using (var document = JsonDocument.Parse(json.Content!))
        {
            var root = document.RootElement;
            Assert.Equal(0.3, root.GetProperty("rate").GetDouble());
            Assert.Equal(60, root.GetProperty("requests_considered").GetInt64());
            Assert.Equal(expected.Count, root.GetProperty("count").GetInt32());
            var items = root.GetProperty("items").EnumerateArray().ToList();
            Assert.Equal(expected, items.Select(i => i.GetProperty("request_id").GetString()!).Order(StringComparer.Ordinal));
            Assert.All(items, item =>
            {
                int number = int.Parse(item.GetProperty("request_id").GetString()!.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);
                bool flaggedEmpty = item.GetProperty("flags").EnumerateArray().Any(f => f.GetString() == "empty_response");
                Assert.Equal(number % 10 == 3, flaggedEmpty);
                Assert.DoesNotContain("13812345678", item.GetProperty("output_preview").GetString()!, StringComparison.Ordinal);
            });
        }

        var csv = Ok(await audit.Run(AppServices.Request(Range + "&rate=0.3&format=csv"), CancellationToken.None));
        Assert.Equal(AuditSampleRenderer.CsvContentType, csv.ContentType);
        var rows = csv.Content!.Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal("request_id,timestamp,model,shard,line,flags,input_preview,output_preview", rows[0]);
        Assert.Equal(expected.Count + 1, rows.Length);

        // Accept works too; the default rate is 1%.
        var byAccept = Ok(await audit.Run(AppServices.Request(Range, accept: "text/csv"), CancellationToken.None));
        Assert.Equal(AuditSampleRenderer.CsvContentType, byAccept.ContentType);
        var byDefault = Ok(await audit.Run(AppServices.Request(Range), CancellationToken.None));
        using (var document = JsonDocument.Parse(byDefault.Content!))
        {
            Assert.Equal(0.01, document.RootElement.GetProperty("rate").GetDouble());
        }
    }

    [Theory]
    [InlineData("to=2025-01-15T11:00:00Z", null, "'from' is required")]
    [InlineData("from=2025-01-15T10:00:00Z&to=later", null, "not an ISO 8601 time")]
    [InlineData("from=2025-01-15T11:00:00Z&to=2025-01-15T10:00:00Z", null, "must be before")]
    [InlineData("from=2025-01-01T00:00:00Z&to=2025-06-01T00:00:00Z", null, "maximum of 93 days")]
    [InlineData("from=2025-01-15T10:00:00Z&to=2025-01-15T11:00:00Z&rate=0", null, "greater than 0 and at most 1")]
    [InlineData("from=2025-01-15T10:00:00Z&to=2025-01-15T11:00:00Z&rate=1%25", null, "is not a number")]
    [InlineData("from=2025-01-15T10:00:00Z&to=2025-01-15T11:00:00Z&format=html", null, "Unknown format 'html'. Supported formats: json, csv.")]
    [InlineData("from=2025-01-15T10:00:00Z&to=2025-01-15T11:00:00Z", "text/html", "Supported: application/json, text/csv")]
    public async Task Audit_sample_answers_400_with_what_to_fix(string query, string? accept, string expected)
    {
        using var services = AppServices.Build(azurite, Hour);
        var result = await HttpAnswers.Of(() => ActivatorUtilities.CreateInstance<AuditSampleFunction>(services).Run(AppServices.Request(query, accept), CancellationToken.None));
        AssertError(result, expected);
    }

    /// <summary>Two shards of 30 requests each over hours 10 and 11 (models qwen-a and qwen-b), ingested and aggregated.</summary>
    private async Task<ServiceProvider> IngestedAsync()
    {
        var services = AppServices.Build(azurite, Hour.AddHours(2));
        var blobs = azurite.BlobService.GetBlobContainerClient(AzuriteFixture.UniqueName("formats"));
        await blobs.CreateIfNotExistsAsync();
        var ingest = ActivatorUtilities.CreateInstance<IngestFunctions>(services);
        foreach (var (name, prefix, model, start) in new[] { ("a.jsonl", "a", "qwen-a", Hour), ("b.jsonl", "b", "qwen-b", Hour.AddHours(1)) })
        {
            var text = new StringBuilder();
            for (int i = 0; i < 30; i++)
            {
                string output = i % 10 == 3 ? "" : i % 10 == 5 ? "请拨打 13812345678 联系我" : "好的";
                text.Append(JsonSerializer.Serialize(new Dictionary<string, object?>
                {
                    ["timestamp"] = start.AddMinutes(i).ToUnixTimeSeconds(),
                    ["level"] = "INFO",
                    ["request_id"] = $"{prefix}-{i}",
                    ["model"] = model,
                    ["input"] = $"问题 {i}",
                    ["output"] = output,
                    ["metadata"] = new Dictionary<string, object?> { ["prompt_tokens"] = 10, ["completion_tokens"] = 50, ["total_latency_ms"] = 900 + i, ["device"] = "a100" },
                })).Append('\n');
            }

            var blob = blobs.GetBlobClient(name);
            await blob.UploadAsync(new BinaryData(Encoding.UTF8.GetBytes(text.ToString())));
            await ingest.Ingest(blob, CancellationToken.None);
        }

        await ActivatorUtilities.CreateInstance<AggregateFunction>(services).Aggregate(new TimerInfo(), CancellationToken.None);
        return services;
    }

    private static AlertRecord Firing(string rule, string model, string message) => new()
    {
        Key = AlertKeys.Of(rule, model, string.Empty),
        RuleId = rule,
        Model = model,
        Hour = Hour,
        State = AlertState.Firing,
        Severity = AlertSeverity.Warning,
        Value = 12_000,
        Threshold = 10_000,
        Unit = AlertUnits.Milliseconds,
        Message = message,
        FiredAt = Hour.AddHours(1),
        UpdatedAt = Hour.AddHours(1),
    };

    private static ContentResult Ok(IActionResult result)
    {
        var content = Assert.IsType<ContentResult>(result);
        Assert.True(content.StatusCode == 200, content.Content);
        return content;
    }

    private static void AssertError(IActionResult result, string expected)
    {
        var content = Assert.IsType<ContentResult>(result);
        Assert.Equal(400, content.StatusCode);
        Assert.StartsWith("application/json", content.ContentType, StringComparison.Ordinal);
        using var json = JsonDocument.Parse(content.Content!);
        Assert.Contains(expected, json.RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
    }
}
