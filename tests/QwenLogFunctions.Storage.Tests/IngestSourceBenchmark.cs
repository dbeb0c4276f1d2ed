using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Globalization;
using QwenLogFunctions.Core.Telemetry;
using QwenLogFunctions.Storage.Tests.Support;
using QwenLogFunctions.TestUtility;
using Xunit.Abstractions;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>
/// Where ingestion time goes between the CLI and the blob trigger, in one process against one Azurite: the same gzip
/// shard ingested from memory (what the CLI's file read costs, near nothing), from the blob (the trigger's streamed,
/// ETag-pinned read), and from the blob with the app's instrumentation listened to (as the app's OpenTelemetry meter
/// provider does). Rounds alternate; lines/s and rows/s are both printed, because rows (requests + flag-index copies
/// + rejects) outnumber lines. Runs only with QWEN_BENCH_INGEST=1; figures: docs/pipeline.md.
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class IngestSourceBenchmark(AzuriteFixture azurite, ITestOutputHelper output)
{
    [BenchmarkFact]
    public async Task Ingest_from_memory_from_a_blob_and_with_telemetry()
    {
        int lines = int.Parse(Environment.GetEnvironmentVariable("QWEN_BENCH_LINES") ?? "20000", CultureInfo.InvariantCulture);
        int rounds = int.Parse(Environment.GetEnvironmentVariable("QWEN_BENCH_ROUNDS") ?? "3", CultureInfo.InvariantCulture);
        byte[] gzip = SampleShard.Bytes(SampleShard.Text(seed: 42, lines: lines, spanSeconds: 4 * 3600, broken: false), gzip: true);
        var container = azurite.BlobService.GetBlobContainerClient(AzuriteFixture.UniqueName("bench"));
        await container.CreateIfNotExistsAsync();
        var blob = container.GetBlobClient("bench.jsonl.gz");
        await blob.UploadAsync(new BinaryData(gzip));

        using var instrumentation = new QwenLogInstrumentation();
        using var listener = new MeterListener();
        long measurements = 0;
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == QwenLogInstrumentation.Name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<double>((_, _, _, _) => Interlocked.Increment(ref measurements));
        listener.SetMeasurementEventCallback<long>((_, _, _, _) => Interlocked.Increment(ref measurements));
        listener.Start();

        var best = new Dictionary<string, (double Lines, double Rows)>();
        for (int round = 0; round <= rounds; round++)
        {
            foreach (string source in new[] { "memory", "blob", "blob + telemetry" })
            {
                var harness = new StorageHarness(azurite, instrumentation: source == "blob + telemetry" ? instrumentation : null);
                var stopwatch = Stopwatch.StartNew();
                var result = source == "memory"
                    ? await harness.IngestAsync("bench.jsonl.gz", gzip, "v1")
                    : await harness.Ingestion.IngestAsync(blob, CancellationToken.None);
                double seconds = stopwatch.Elapsed.TotalSeconds;
                double linesPerSecond = result.Lines.Total / seconds, rowsPerSecond = result.RowsWritten / seconds;

                // Round 0 warms up JIT, connections and Azurite.
                if (round > 0)
                {
                    var previous = best.GetValueOrDefault(source);
                    best[source] = (Math.Max(previous.Lines, linesPerSecond), Math.Max(previous.Rows, rowsPerSecond));
                }

                output.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"round {round}{(round == 0 ? " (warm-up)" : string.Empty)}: {source,-17} {result.Lines.Total:N0} lines, {result.RowsWritten:N0} rows ({(double)result.RowsWritten / result.Lines.Total:F2} per line) in {seconds:F1} s: {linesPerSecond:N0} lines/s, {rowsPerSecond:N0} rows/s"));
            }
        }

        foreach (var (source, figures) in best)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"best {source,-17} {figures.Lines:N0} lines/s  {figures.Rows:N0} rows/s"));
        }

        Assert.True(Interlocked.Read(ref measurements) >= lines, "the telemetry variant was listened to");
    }
}
