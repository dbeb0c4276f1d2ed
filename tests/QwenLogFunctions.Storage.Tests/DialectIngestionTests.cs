using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Storage.Queries;
using QwenLogFunctions.Storage.Tests.Support;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>The committed dialect samples through the pipeline: ingest, aggregate and report agree with analyze.</summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class DialectIngestionTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset From = new(2024, 12, 31, 23, 0, 0, TimeSpan.Zero); // the samples span 23:53 to 01:03

    [Fact]
    public async Task Ingested_dialect_shards_report_what_analyze_reports()
    {
        var harness = new StorageHarness(azurite);
        string folder = RepositoryPaths.Combine("samples", "dialects");
        var files = Directory.GetFiles(folder).Order(StringComparer.Ordinal).ToList();
        foreach (string path in files)
        {
            var result = await harness.IngestAsync(Path.GetFileName(path), await File.ReadAllBytesAsync(path), "v1");
            Assert.Equal(Ingestion.IngestOutcome.Ingested, result.Outcome); // .json is a shard name too
        }

        // Ingesting again (a trigger that fires twice) leaves exactly the same rows.
        var before = await harness.DumpAsync();
        foreach (string path in files)
        {
            await harness.IngestAsync(Path.GetFileName(path), await File.ReadAllBytesAsync(path), "v1", force: true);
        }

        Assert.Equal(before, await harness.DumpAsync());

        await harness.Aggregation.AggregateAsync(null, CancellationToken.None);
        var report = await harness.Reports.GetReportAsync(From, From.AddHours(6), null, CancellationToken.None);
        var analyzed = (await new ShardAnalyzer(harness.Analyzer).AnalyzeAsync(
            [.. files.Select(path => ShardSource.FromFile(path, Path.GetFileName(path)))], exactPercentiles: true)).Build();

        Assert.Equal(analyzed.Lines, report.Lines);
        Assert.Equal(5, report.Lines.Spans);
        Assert.Equal(analyzed.Dialects, report.Dialects);
        Assert.Equal(new Dictionary<string, long> { ["litellm"] = 6, ["openai-batch"] = 4, ["otlp"] = 5 }, report.Dialects);
        Assert.Equal(analyzed.Flags, report.Flags);
        Assert.Equal(analyzed.Rejects, report.Rejects);
        Assert.Equal(analyzed.Summary.TotalRequests, report.Summary.TotalRequests);
        Assert.Equal(analyzed.Summary.SuccessfulRequests, report.Summary.SuccessfulRequests);
        Assert.Equal(analyzed.Summary.ErrorLevelRequests, report.Summary.ErrorLevelRequests);
        Assert.Equal(analyzed.Summary.ContentFlagsNotApplicable, report.Summary.ContentFlagsNotApplicable);
        Assert.Equal(analyzed.Summary.LatencyMs.Count, report.Summary.LatencyMs.Count);
        Assert.Equal(analyzed.Summary.LatencyMs.Max, report.Summary.LatencyMs.Max);
        Assert.Equal(analyzed.Summary.ThroughputTps.Count, report.Summary.ThroughputTps.Count);
        Assert.Equal(15 - 4, report.Summary.LatencyMs.Count); // the batch requests have none

        // Every OTLP span is its own row (line + span index keys), and batch rows carry no latency rather than zero.
        var rows = new List<RequestSummary>();
        for (int hour = 0; hour < 3; hour++)
        {
            rows.AddRange((await harness.Requests.QueryAsync(new RequestQuery(From.AddHours(hour), PageSize: 1000), CancellationToken.None)).Requests);
        }

        Assert.Equal(15, rows.Count);
        Assert.Equal(5, rows.Count(r => r.Shard == "otlp.jsonl"));
        Assert.Equal(2, rows.Count(r => r.Shard == "otlp.jsonl" && r.Line == 1));
        Assert.All(rows.Where(r => r.Shard == "openai-batch.jsonl"), r => Assert.Null(r.TotalLatencyMs));
        Assert.Contains(rows, r => r.RequestId == "cmpl-3f9a0c1e2b4d");
    }
}
