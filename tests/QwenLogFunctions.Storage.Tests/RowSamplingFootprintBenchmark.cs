using System.Globalization;
using Azure.Data.Tables;
using QwenLogFunctions.Generation;
using QwenLogFunctions.Storage.Tests.Support;
using QwenLogFunctions.TestUtility;
using Xunit.Abstractions;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>
/// Request-table rows and bytes per 100,000 generated requests with every row kept and with
/// QwenLogs__RowSampleRate=0.1. Bytes follow Azure Table storage's entity size formula (4 + 2 × key characters +
/// per property 8 + 2 × name characters + the value's size), summed over the rows read back. Figures: docs/pipeline.md.
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class RowSamplingFootprintBenchmark(AzuriteFixture azurite, ITestOutputHelper output)
{
    [BenchmarkFact]
    public async Task Rows_and_table_bytes_per_100000_requests_at_100_and_10_percent()
    {
        int lines = int.Parse(Environment.GetEnvironmentVariable("QWEN_BENCH_LINES") ?? "100000", CultureInfo.InvariantCulture);
        using var content = new MemoryStream();
        new SampleLogGenerator(new GeneratorOptions { Seed = 42, Hours = 24 }).Write(content, lines);
        byte[] bytes = content.ToArray();

        foreach (double rate in new[] { 1.0, 0.1 })
        {
            var harness = new StorageHarness(azurite, configure: options => options.RowSampleRate = rate);
            var result = await harness.IngestAsync("footprint.jsonl", bytes, "v1");
            long requestRows = 0, flagRows = 0, tableBytes = 0;
            await foreach (var row in harness.Tables.Requests("202501").QueryAsync<TableEntity>())
            {
                bool bucket = row.PartitionKey[10] == 'b';
                requestRows += bucket ? 1 : 0;
                flagRows += bucket ? 0 : 1;
                tableBytes += EntityBytes(row);
            }

            double per100k = 100_000.0 / result.Lines.Accepted;
            output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"rate {rate}: accepted {result.Lines.Accepted:N0}, rows not kept {result.RowsNotKept:N0}; per 100,000 requests: request rows {requestRows * per100k:N0}, flag-index rows {flagRows * per100k:N0}, table bytes {tableBytes * per100k / 1_048_576:N1} MiB"));
            Assert.Equal(result.Lines.Accepted - result.RowsNotKept, requestRows);
        }
    }

    /// <summary>Azure's entity size: https://learn.microsoft.com/rest/api/storageservices/understanding-the-table-service-data-model.</summary>
    private static long EntityBytes(TableEntity entity)
    {
        long size = 4 + (2L * (entity.PartitionKey.Length + entity.RowKey.Length));
        foreach (var (name, value) in entity)
        {
            if (name is "PartitionKey" or "RowKey" or "Timestamp" or "odata.etag")
            {
                continue;
            }

            size += 8 + (2L * name.Length) + value switch
            {
                string text => 4 + (2L * text.Length),
                byte[] binary => 4 + binary.Length,
                BinaryData data => 4 + data.ToMemory().Length,
                bool => 1,
                int => 4,
                Guid => 16,
                _ => 8, // long, double, DateTimeOffset
            };
        }

        return size;
    }
}
