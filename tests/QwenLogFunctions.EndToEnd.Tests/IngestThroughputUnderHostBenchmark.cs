using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;
using Xunit.Abstractions;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.EndToEnd.Tests;

/// <summary>
/// Benchmark mode (QWENLOG_E2E_BENCH=1; skipped otherwise, and never a timed assertion): the same 100,000-line shard
/// ingested by the app under the Functions host (blob upload → blob trigger) and by <c>qwenlog ingest</c>, on the same
/// Azurite, alternating. Prints rows/s and lines/s of each run. docs/pipeline.md quotes the figures and the command.
/// </summary>
[Collection(FunctionsHostTests.Name)]
public sealed partial class IngestThroughputUnderHostBenchmark : HostTestBase
{
    private const int Lines = 100_000;

    public IngestThroughputUnderHostBenchmark(FunctionsHostFixture host, ITestOutputHelper log)
        : base(host, log)
    {
    }

    [SkippableFact]
    public Task Host_and_cli_ingest_the_same_shard_side_by_side() => RunAsync(async () =>
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("QWENLOG_E2E_BENCH") == "1", "Benchmark mode only: set QWENLOG_E2E_BENCH=1.");
        int rounds = int.TryParse(Environment.GetEnvironmentVariable("QWENLOG_E2E_BENCH_ROUNDS"), CultureInfo.InvariantCulture, out int r) ? r : 2;
        string folder = NewFolder("bench");
        string shard = Path.Combine(folder, "bench.jsonl");
        await QwenlogProcess.SucceedsAsync("generate", "--lines", Lines.ToString(CultureInfo.InvariantCulture), "--seed", "7", "--hours", "4",
            "--start", "2025-06-01T00:00:00Z", "--broken-share", "0.005", "--out", shard);
        Log($"shard: {Lines:N0} lines, {new FileInfo(shard).Length:N0} bytes; host start {Host.HostStartSeconds:F1} s");

        for (int round = 1; round <= rounds; round++)
        {
            // Under the host: upload, then the ledger's own start and finish times and the app's ingest line.
            string name = $"bench-{round}.jsonl";
            string blobShard = Path.Combine(folder, name);
            File.Copy(shard, blobShard, overwrite: true);
            var upload = Stopwatch.StartNew();
            await UploadAsync(blobShard);
            double uploadSeconds = upload.Elapsed.TotalSeconds;
            var ledger = await WaitForShardAsync(name, "succeeded", timeout: TimeSpan.FromMinutes(20));
            double endToEnd = upload.Elapsed.TotalSeconds;
            double ingestSeconds = (ledger.GetProperty("finished_at").GetDateTimeOffset() - ledger.GetProperty("started_at").GetDateTimeOffset()).TotalSeconds;
            string line = Host.HostOutput.Last(l => l.Contains($"Shard {name} ingested:", StringComparison.Ordinal));
            long rows = long.Parse(RowsWritten().Match(line).Groups[1].Value, NumberStyles.Integer, CultureInfo.InvariantCulture);
            Log($"round {round} host: {rows:N0} rows in {ingestSeconds:F1} s = {rows / ingestSeconds:N0} rows/s, {Lines / ingestSeconds:N0} lines/s " +
                $"(upload {uploadSeconds:F1} s, upload to succeeded {endToEnd:F1} s)");

            // The CLI, same file, same Azurite, its own table prefix: the whole process, start to exit.
            var cli = Stopwatch.StartNew();
            string output = await QwenlogProcess.SucceedsAsync("ingest", shard, "--connection", Host.Azurite.ConnectionString, "--table-prefix", $"bench{round}");
            double cliSeconds = cli.Elapsed.TotalSeconds;
            Log($"round {round} cli:  {rows:N0} rows in {cliSeconds:F1} s = {rows / cliSeconds:N0} rows/s, {Lines / cliSeconds:N0} lines/s (whole process) | {output.Trim().Split('\n')[^1]}");
        }
    });

    [GeneratedRegex(@"(\d+) rows in \d+ ms")]
    private static partial Regex RowsWritten();
}
