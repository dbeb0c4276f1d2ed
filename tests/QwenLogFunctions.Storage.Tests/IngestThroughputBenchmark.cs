using System.Diagnostics;
using System.Text;
using Azure.Data.Tables;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Storage.Tables;
using QwenLogFunctions.Storage.Tests.Support;
using QwenLogFunctions.TestUtility;
using Xunit.Abstractions;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>
/// Rows/s of ingestion into Azurite next to a plain SDK loop writing the same rows in 100-row transactions, one after
/// another. After a warm-up of both, they alternate for a few rounds (fresh table prefixes each time) and the best
/// round of each is compared, which keeps JIT warm-up and a busy shared machine from deciding the result.
/// Command and figures: docs/pipeline.md.
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class IngestThroughputBenchmark(AzuriteFixture azurite, ITestOutputHelper output)
{
    [BenchmarkFact]
    public async Task Ingest_reaches_at_least_80_percent_of_a_plain_batch_loop()
    {
        int lines = int.Parse(Environment.GetEnvironmentVariable("QWEN_BENCH_LINES") ?? "20000", System.Globalization.CultureInfo.InvariantCulture);
        int rounds = int.Parse(Environment.GetEnvironmentVariable("QWEN_BENCH_ROUNDS") ?? "3", System.Globalization.CultureInfo.InvariantCulture);
        string text = SampleShard.Text(seed: 42, lines: lines, spanSeconds: 4 * 3600, broken: false);
        byte[] gzip = SampleShard.Bytes(text, gzip: true);
        var entries = await ReadAsync(text);
        var warmUp = await ReadAsync(SampleShard.Text(seed: 1, lines: 1000, broken: false));
        await LoopAsync(warmUp);
        await IngestAsync(warmUp);

        double bestLoop = 0, bestIngest = 0, bestEndToEnd = 0;
        long rows = 0;
        for (int round = 0; round < rounds; round++)
        {
            var (loopRows, loopTime) = await LoopAsync(entries);
            var (ingestRows, ingestTime) = await IngestAsync(entries);
            var harness = new StorageHarness(azurite);
            var stopwatch = Stopwatch.StartNew();
            var result = await harness.IngestAsync("bench.jsonl.gz", gzip, "v1");
            stopwatch.Stop();
            Assert.Equal(loopRows, ingestRows);
            Assert.Equal(loopRows, result.RowsWritten);
            rows = loopRows;
            bestLoop = Math.Max(bestLoop, loopRows / loopTime.TotalSeconds);
            bestIngest = Math.Max(bestIngest, ingestRows / ingestTime.TotalSeconds);
            bestEndToEnd = Math.Max(bestEndToEnd, result.RowsWritten / stopwatch.Elapsed.TotalSeconds);
            output.WriteLine($"round {round + 1}: loop {loopRows / loopTime.TotalSeconds:F0} rows/s, ingest {ingestRows / ingestTime.TotalSeconds:F0} rows/s, gzip end to end {result.RowsWritten / stopwatch.Elapsed.TotalSeconds:F0} rows/s");
        }

        output.WriteLine($"lines={lines} rows={rows} rounds={rounds} (best of each)");
        output.WriteLine($"plain SDK loop (sequential 100-row transactions): {bestLoop:F0} rows/s");
        output.WriteLine($"IngestionService, pre-parsed entries:            {bestIngest:F0} rows/s ({bestIngest / bestLoop:P0} of the loop)");
        output.WriteLine($"IngestionService, gzip JSONL end to end:         {bestEndToEnd:F0} rows/s ({bestEndToEnd / bestLoop:P0} of the loop)");
        Assert.True(bestIngest >= 0.8 * bestLoop, $"ingest {bestIngest:F0} rows/s is below 80% of the loop's {bestLoop:F0} rows/s");
    }

    private async Task<(long Rows, TimeSpan Elapsed)> IngestAsync(List<ShardEntry> entries)
    {
        var harness = new StorageHarness(azurite);
        var stopwatch = Stopwatch.StartNew();
        var result = await harness.Ingestion.IngestEntriesAsync("bench.jsonl", "v1", entries.ToAsyncEnumerable(), CancellationToken.None);
        return (result.RowsWritten, stopwatch.Elapsed);
    }

    // The same rows the ingestion writes (requests and flag-index copies), grouped by partition, 100 per transaction.
    private async Task<(long Rows, TimeSpan Elapsed)> LoopAsync(List<ShardEntry> entries)
    {
        string shardKey = KeyEncoding.ShardKey("bench.jsonl");
        var tables = new QwenTables(azurite.TableService, AzuriteFixture.UniqueName("b"));
        var rows = new List<(TableClient Table, TableEntity Entity)>();
        foreach (var accepted in entries.OfType<AcceptedEntry>())
        {
            string hour = KeyEncoding.HourKey(accepted.Record.Metrics.HourStartSeconds);
            var table = tables.Requests(KeyEncoding.MonthOf(hour));
            var row = RequestEntities.ToEntity(accepted.Record, RequestEntities.RequestPartition(hour, shardKey, accepted.LineNumber), KeyEncoding.LineRowKey(shardKey, accepted.LineNumber));
            rows.Add((table, row));
            rows.AddRange(Core.Records.FlagNames.NamesOf(accepted.Record.Metrics.Flags).Select(flag => (table, RequestEntities.CopyTo(row, RequestEntities.FlagPartition(hour, flag)))));
        }

        foreach (var table in rows.Select(r => r.Table).DistinctBy(t => t.Name))
        {
            await table.CreateIfNotExistsAsync();
        }

        var stopwatch = Stopwatch.StartNew();
        foreach (var group in rows.GroupBy(r => (r.Table.Name, r.Entity.PartitionKey)))
        {
            foreach (var chunk in group.Chunk(100))
            {
                await chunk[0].Table.SubmitTransactionAsync(chunk.Select(r => new TableTransactionAction(TableTransactionActionType.UpsertReplace, r.Entity)));
            }
        }

        return (rows.Count, stopwatch.Elapsed);
    }

    private static async Task<List<ShardEntry>> ReadAsync(string text)
    {
        var entries = new List<ShardEntry>();
        await foreach (var entry in new DetailedShardReader(new AnalyzerOptions()).ReadAsync(new MemoryStream(Encoding.UTF8.GetBytes(text)), "bench.jsonl"))
        {
            entries.Add(entry);
        }

        return entries;
    }
}
