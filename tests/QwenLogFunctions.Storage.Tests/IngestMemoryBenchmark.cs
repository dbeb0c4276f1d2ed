using System.Diagnostics;
using System.Globalization;
using QwenLogFunctions.Generation;
using QwenLogFunctions.Storage.Ingestion;
using QwenLogFunctions.Storage.Tables;
using QwenLogFunctions.Storage.Tests.Support;
using QwenLogFunctions.TestUtility;
using Xunit.Abstractions;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>
/// The process's memory over time while one large generated shard is ingested into Azurite: first with the batch
/// writer's queued rows unbounded (as before: every partition's partial batch kept to the end), then with the bound.
/// Prints a sample every two seconds; runs only with QWEN_BENCH_MEMORY=1. Command and figures: docs/pipeline.md.
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class IngestMemoryBenchmark(AzuriteFixture azurite, ITestOutputHelper output) : IDisposable
{
    private readonly string _folder = Directory.CreateTempSubdirectory("qwenlog-memory-").FullName;

    public void Dispose() => Directory.Delete(_folder, recursive: true);

    [MemoryBenchmarkFact]
    public async Task Memory_stays_flat_while_a_long_shard_is_ingested()
    {
        long lines = long.Parse(Environment.GetEnvironmentVariable("QWEN_BENCH_MEMORY_LINES") ?? "150000", CultureInfo.InvariantCulture);
        string shard = Path.Combine(_folder, "long.jsonl.gz");
        new SampleLogGenerator(new GeneratorOptions { Seed = 7, Hours = 48 }).WriteFile(shard, lines, gzip: true);

        var unbounded = await SampleAsync(shard, int.MaxValue);
        var bounded = await SampleAsync(shard, BatchWriter.DefaultMaxPendingActions);

        // Flat: the managed heap's median over the last third of the run is within 25% of the middle third's (the first
        // third is warm-up). Single samples jump with the GC; the unbounded run's medians climb with the shard.
        var (middle, last) = Thirds(bounded);
        var (unboundedMiddle, unboundedLast) = Thirds(unbounded);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"managed heap median, middle → last third: unbounded {unboundedMiddle:F0} → {unboundedLast:F0} MiB, bounded {middle:F0} → {last:F0} MiB"));
        Assert.True(last <= middle * 1.25, $"bounded: managed heap median {middle:F0} MiB in the middle third, {last:F0} MiB in the last");
    }

    private static (double Middle, double Last) Thirds(List<Sample> samples)
    {
        var heap = samples.OrderBy(s => s.Seconds).Select(s => s.HeapMiB).ToList();
        int third = heap.Count / 3;
        return (Median(heap.Skip(third).Take(third)), Median(heap.Skip(2 * third)));
    }

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToList();
        return sorted.Count == 0 ? 0 : sorted[sorted.Count / 2];
    }

    private async Task<List<Sample>> SampleAsync(string shard, int pendingRowLimit)
    {
        var harness = new StorageHarness(azurite);
        harness.Ingestion.PendingRowLimit = pendingRowLimit;
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var samples = new List<Sample>();
        var stopwatch = Stopwatch.StartNew();
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            using var process = Process.GetCurrentProcess();
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                samples.Add(new Sample(stopwatch.Elapsed.TotalSeconds, process.WorkingSet64 / 1048576.0, GC.GetGCMemoryInfo().HeapSizeBytes / 1048576.0));
                try
                {
                    await Task.Delay(TimeSpan.FromSeconds(2), stop.Token);
                }
                catch (OperationCanceledException)
                {
                    break;
                }
            }
        });

        IngestionResult result;
        await using (var content = File.OpenRead(shard))
        {
            result = await harness.Ingestion.IngestAsync(content, "long.jsonl.gz", "v1", CancellationToken.None);
        }

        await stop.CancelAsync();
        await sampler;
        string limit = pendingRowLimit == int.MaxValue ? "unbounded" : pendingRowLimit.ToString("N0", CultureInfo.InvariantCulture);
        output.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"queued rows {limit}: {result.Lines.Accepted:N0} requests, {result.RowsWritten:N0} rows in {stopwatch.Elapsed.TotalSeconds:F0} s"));
        output.WriteLine("  seconds   RSS MiB   managed heap MiB");
        foreach (var sample in samples)
        {
            output.WriteLine(string.Create(CultureInfo.InvariantCulture, $"  {sample.Seconds,7:F0}   {sample.RssMiB,7:F0}   {sample.HeapMiB,7:F0}"));
        }

        return samples;
    }

    private sealed record Sample(double Seconds, double RssMiB, double HeapMiB);

    /// <summary>A measurement, not a check: runs only when QWEN_BENCH_MEMORY=1.</summary>
    private sealed class MemoryBenchmarkFactAttribute : FactAttribute
    {
        public MemoryBenchmarkFactAttribute()
        {
            if (Environment.GetEnvironmentVariable("QWEN_BENCH_MEMORY") != "1")
            {
                Skip = "Benchmark: set QWEN_BENCH_MEMORY=1 to run (see docs/pipeline.md).";
            }
        }
    }
}
