using Azure.Data.Tables;
using QwenLogFunctions.Storage.Ingestion;
using QwenLogFunctions.Storage.Shards;
using QwenLogFunctions.Storage.Tests.Support;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>
/// Tables that disappear under a running worker (retention on another instance, an operator): the same process
/// creates them again on TableNotFound and retries, instead of failing every later shard until it restarts.
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class DroppedTableTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset From = DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime);

    [Fact]
    public async Task Ingest_after_the_months_tables_were_dropped_out_of_band_creates_them_again()
    {
        var harness = new StorageHarness(azurite);
        await harness.IngestAsync("first.jsonl", SampleShard.Bytes(SampleShard.Text(seed: 1, lines: 200), gzip: false), "v1");
        var tables = await TableNamesAsync(harness);
        Assert.Contains(harness.Tables.RequestsTablePrefix + "202501", tables);

        // Retention on another instance drops the month's request table and the rejects table.
        foreach (string name in tables.Where(n => n.StartsWith(harness.Tables.RequestsTablePrefix, StringComparison.Ordinal) || n.StartsWith(harness.Tables.RejectsTablePrefix, StringComparison.Ordinal)))
        {
            await harness.Service.DeleteTableAsync(name);
        }

        var second = await harness.IngestAsync("second.jsonl", SampleShard.Bytes(SampleShard.Text(seed: 2, lines: 150), gzip: false), "v1");

        Assert.Equal(IngestOutcome.Ingested, second.Outcome);
        var status = await harness.Status.GetAsync("second.jsonl", 1000, CancellationToken.None);
        Assert.Equal(ShardIngestStatus.Succeeded, status!.Status);
        Assert.Equal(second.Lines.Rejected, status.Rejects.Count);
        int rows = 0;
        await foreach (var _ in harness.Tables.Requests("202501").QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"RowKey ge {"0"}"), select: ["RowKey"]))
        {
            rows++;
        }

        Assert.True(rows >= second.Lines.Accepted, $"{rows} request rows for {second.Lines.Accepted} accepted lines");
    }

    [Fact]
    public async Task Every_table_dropped_ingest_and_aggregation_of_the_same_process_still_succeed()
    {
        var harness = new StorageHarness(azurite);
        await harness.IngestAsync("first.jsonl", SampleShard.Bytes(SampleShard.Text(seed: 3, lines: 200), gzip: false), "v1");
        await harness.Aggregation.AggregateAsync(null, CancellationToken.None);

        foreach (string name in await TableNamesAsync(harness))
        {
            await harness.Service.DeleteTableAsync(name);
        }

        var second = await harness.IngestAsync("second.jsonl", SampleShard.Bytes(SampleShard.Text(seed: 4, lines: 150), gzip: false), "v1");
        Assert.Equal(IngestOutcome.Ingested, second.Outcome);
        var aggregation = await harness.Aggregation.AggregateAsync(null, CancellationToken.None);
        Assert.Equal(second.Hours.Count, aggregation.Hours.Count);

        // Only the second shard is left anywhere: the report counts exactly its requests.
        var report = await harness.Reports.GetReportAsync(From, From.AddHours(3), null, CancellationToken.None);
        Assert.Equal(second.Lines.Accepted, report.Summary.TotalRequests);
        Assert.Equal(second.Lines, report.Lines);
    }

    private static async Task<List<string>> TableNamesAsync(StorageHarness harness)
    {
        var names = new List<string>();
        await foreach (var table in harness.Service.QueryAsync(TableServiceClient.CreateQueryFilter(
            $"TableName ge {harness.Options.TablePrefix} and TableName lt {harness.Options.TablePrefix + "~"}")))
        {
            names.Add(table.Name);
        }

        return names;
    }
}
