using Azure.Data.Tables;
using QwenLogFunctions.Core.Audit;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Storage.Tables;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>QwenLogs__RowSampleRate / RowKeepSlowerThanMs: fewer rows, the same statistics.</summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class RowSamplingTests(AzuriteFixture azurite)
{
    private const double Rate = 0.1;
    private const double SlowMs = 6000;

    [Fact]
    public async Task Flagged_error_and_slow_requests_keep_their_rows_others_by_request_id_hash_and_statistics_count_every_line()
    {
        // Distinct inputs (no repeated_input flag): every 10th response empty (flagged), every 17th slow, every 23rd ERROR.
        var start = DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime);
        byte[] content = ArticleLogLines.Bytes(Enumerable.Range(0, 1500).Select(i =>
        {
            string line = ArticleLogLines.Line($"req-{i}", start.AddSeconds(i * 5), i % 10 == 0 ? string.Empty : "好的，这是答案。", latencyMs: i % 17 == 0 ? 8000 : 800);
            return i % 23 == 0 ? line.Replace("\"level\":\"INFO\"", "\"level\":\"ERROR\"", StringComparison.Ordinal) : line;
        }));
        var full = new StorageHarness(azurite);
        var sampled = new StorageHarness(azurite, configure: options =>
        {
            options.RowSampleRate = Rate;
            options.RowKeepSlowerThanMs = SlowMs;
        });

        var fullResult = await full.IngestAsync("s.jsonl", content, "v1");
        var sampledResult = await sampled.IngestAsync("s.jsonl", content, "v1");

        // Expected: the rule applied by hand to what the reader accepts.
        var records = new List<RequestRecord>();
        await foreach (var entry in new DetailedShardReader(sampled.Analyzer).ReadAsync(new MemoryStream(content), "s.jsonl"))
        {
            if (entry is AcceptedEntry accepted)
            {
                records.Add(accepted.Record);
            }
        }

        var sampler = new AuditSampler(Rate);
        var expectedKept = records
            .Where(r => r.Metrics.Flags != RequestFlags.None || r.Metrics.IsErrorLevel || r.Metrics.TotalLatencyMs > SlowMs || sampler.Includes(r.RequestId))
            .Select(r => r.RequestId)
            .Order(StringComparer.Ordinal)
            .ToList();
        long notKept = records.Count - expectedKept.Count;
        Assert.InRange(notKept, 100, records.Count - 1); // the sample shard has enough unremarkable requests to matter
        Assert.Contains(records, r => r.Metrics.Flags == RequestFlags.None && !r.Metrics.IsErrorLevel && r.Metrics.TotalLatencyMs <= SlowMs && sampler.Includes(r.RequestId));

        Assert.Equal(expectedKept, await RequestRowIdsAsync(sampled));
        Assert.Equal(records.Select(r => r.RequestId).Order(StringComparer.Ordinal), await RequestRowIdsAsync(full));
        Assert.Equal(notKept, sampledResult.RowsNotKept);
        Assert.Equal(0, fullResult.RowsNotKept);
        Assert.Equal(fullResult.Lines, sampledResult.Lines);
        Assert.Equal(fullResult.RowsWritten - notKept, sampledResult.RowsWritten); // unflagged rows have no flag-index copies
        Assert.Equal(notKept, (await sampled.Status.GetAsync("s.jsonl", 10, CancellationToken.None))!.RowsNotKept);

        // Statistics, flags and cost count every line: the reports differ only in rows_not_kept.
        await full.Aggregation.AggregateAsync(null, CancellationToken.None);
        await sampled.Aggregation.AggregateAsync(null, CancellationToken.None);
        var from = DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime);
        var fullReport = await full.Reports.GetReportAsync(from, from.AddHours(3), null, CancellationToken.None);
        var sampledReport = await sampled.Reports.GetReportAsync(from, from.AddHours(3), null, CancellationToken.None);
        Assert.Equal(0, fullReport.RowsNotKept);
        Assert.Equal(notKept, sampledReport.RowsNotKept);
        Assert.Equal(
            System.Text.Json.JsonSerializer.Serialize(new AnalysisReportView(fullReport), ViewJson),
            System.Text.Json.JsonSerializer.Serialize(new AnalysisReportView(sampledReport), ViewJson));
    }

    private static async Task<List<string>> RequestRowIdsAsync(StorageHarness harness)
    {
        var ids = new List<string>();
        await foreach (var row in harness.Tables.Requests("202501").QueryAsync<TableEntity>(select: ["PartitionKey", "RequestId"]))
        {
            // Bucket partitions only ({hour}b{NN}); flag-index copies live in {hour}f{flag}.
            if (row.PartitionKey[10] == 'b')
            {
                ids.Add(row.GetString("RequestId"));
            }
        }

        return [.. ids.Order(StringComparer.Ordinal)];
    }

    // The report's options know the report's own types only (source-generated); the view is serialized by reflection.
    private static readonly System.Text.Json.JsonSerializerOptions ViewJson = new(ReportJson.Options)
    {
        TypeInfoResolver = System.Text.Json.Serialization.Metadata.JsonTypeInfoResolver.Combine(
            ReportJson.Options.TypeInfoResolver, new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver()),
    };

    /// <summary>Everything of a report but rows_not_kept.</summary>
    private sealed record AnalysisReportView(SummaryStatistics Summary, IReadOnlyDictionary<string, long> Flags, IReadOnlyList<HourlyStatistics> Hourly, IReadOnlyList<GroupStatistics> ByModel, LineCounts Lines)
    {
        public AnalysisReportView(AnalysisReport report)
            : this(report.Summary, report.Flags, report.Hourly, report.ByModel, report.Lines)
        {
        }
    }
}
