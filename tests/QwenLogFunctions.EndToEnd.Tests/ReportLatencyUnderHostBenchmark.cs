using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Xunit.Abstractions;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.EndToEnd.Tests;

/// <summary>
/// Benchmark mode (QWENLOG_E2E_BENCH=1; skipped otherwise, and never a timed assertion): 30 days of hourly data
/// (720 hours) ingested and aggregated by the app under the Functions host, then GET /api/report over the 30 days,
/// warm, in each format. Prints the median, minimum and maximum of each; docs/reports.md quotes the figures and the
/// command. What the test does assert is what it measured: the report covers all 720 hours and every request.
/// </summary>
[Collection(FunctionsHostTests.Name)]
public sealed class ReportLatencyUnderHostBenchmark : HostTestBase
{
    private const int Days = 30;
    private const int LinesPerHour = 60;
    private const string From = "2024-03-01T00:00:00Z";
    private const string To = "2024-03-31T00:00:00Z";

    public ReportLatencyUnderHostBenchmark(FunctionsHostFixture host, ITestOutputHelper log)
        : base(host, log)
    {
    }

    [SkippableFact]
    public Task Report_over_thirty_days_of_hourly_data_answers_warm() => RunAsync(async () =>
    {
        Skip.IfNot(Environment.GetEnvironmentVariable("QWENLOG_E2E_BENCH") == "1", "Benchmark mode only: set QWENLOG_E2E_BENCH=1.");
        int requests = int.TryParse(Environment.GetEnvironmentVariable("QWENLOG_E2E_BENCH_ROUNDS"), CultureInfo.InvariantCulture, out int r) ? Math.Max(r, 5) * 10 : 30;
        const int hours = Days * 24;
        const int lines = hours * LinesPerHour;

        // Three shards of ten days each: how a month of logs usually arrives (one file per server per period).
        string folder = NewFolder("report-bench");
        var shards = new List<string>();
        for (int part = 0; part < 3; part++)
        {
            string shard = Path.Combine(folder, $"month-{part}.jsonl");
            string start = DateTimeOffset.Parse(From, CultureInfo.InvariantCulture).AddDays(10 * part).ToString("yyyy-MM-ddTHH:mm:ssZ", CultureInfo.InvariantCulture);
            await QwenlogProcess.SucceedsAsync("generate", "--lines", (lines / 3).ToString(CultureInfo.InvariantCulture), "--seed", (500 + part).ToString(CultureInfo.InvariantCulture),
                "--hours", (hours / 3).ToString(CultureInfo.InvariantCulture), "--start", start, "--out", shard);
            shards.Add(shard);
        }

        var setup = Stopwatch.StartNew();
        await UploadAsync([.. shards]);
        foreach (string shard in shards)
        {
            await WaitForShardAsync(Path.GetFileName(shard), "succeeded", timeout: TimeSpan.FromMinutes(20));
        }

        await AggregateAsync();
        Log($"setup: {lines:N0} lines over {hours} hours ingested and aggregated in {setup.Elapsed.TotalSeconds:F1} s");

        // What was measured is a whole month: every hour present, every request counted.
        using (var document = JsonDocument.Parse(await ReportAsync(From, To)))
        {
            var root = document.RootElement;
            Assert.Equal(lines, root.GetProperty("lines").GetProperty("total").GetInt64());
            Assert.Equal(hours, root.GetProperty("hourly").GetArrayLength());
        }

        foreach (string format in new[] { "json", "csv", "html" })
        {
            var uri = Host.Api($"report?from={From}&to={To}&format={format}");
            for (int warm = 0; warm < 3; warm++)
            {
                await TimeAsync(uri);
            }

            var milliseconds = new List<double>();
            for (int i = 0; i < requests; i++)
            {
                milliseconds.Add(await TimeAsync(uri));
            }

            milliseconds.Sort();
            Log($"GET /api/report 30 days ({hours} hours) format={format}: median {milliseconds[milliseconds.Count / 2]:F1} ms, " +
                $"min {milliseconds[0]:F1} ms, max {milliseconds[^1]:F1} ms over {requests} warm requests");
        }
    });

    private async Task<double> TimeAsync(Uri uri)
    {
        var watch = Stopwatch.StartNew();
        using var response = await Host.Http.GetAsync(uri, HttpCompletionOption.ResponseContentRead);
        double elapsed = watch.Elapsed.TotalMilliseconds;
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET {uri}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        return elapsed;
    }
}
