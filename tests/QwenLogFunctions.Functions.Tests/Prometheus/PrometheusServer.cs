using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests.Prometheus;

/// <summary>
/// A real Prometheus server for one test: the binary started directly (not the packaged service) with a temporary
/// config and data folder, listening on 127.0.0.1 only, scraping one loopback target every second. Its config has
/// no remote write, alerting or service discovery, so nothing leaves the machine.
/// </summary>
internal sealed class PrometheusServer : IAsyncDisposable
{
    private readonly Process _process;
    private readonly string _folder;
    private readonly HttpClient _http = new();

    private PrometheusServer(Process process, string folder, Uri baseUri)
    {
        _process = process;
        _folder = folder;
        BaseUri = baseUri;
    }

    /// <summary>The server's HTTP API base, http://127.0.0.1:PORT/.</summary>
    public Uri BaseUri { get; }

    /// <summary>The prometheus binary on PATH or at /usr/bin/prometheus; null when absent.</summary>
    public static string? Find()
    {
        foreach (var folder in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(':', StringSplitOptions.RemoveEmptyEntries).Append("/usr/bin"))
        {
            string candidate = Path.Combine(folder, "prometheus");
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    /// <summary>Starts a server scraping <paramref name="target"/> (host:port on 127.0.0.1) at <paramref name="metricsPath"/>.</summary>
    public static async Task<PrometheusServer> StartAsync(Uri target, string metricsPath)
    {
        string binary = Find() ?? throw new InvalidOperationException(
            "prometheus is not installed: run .ci/install-prometheus.sh (apt-get install prometheus), or set QWENLOG_SKIP_PROMETHEUS=1 to skip this test.");
        string folder = Directory.CreateTempSubdirectory("qwenlog-prometheus-").FullName;
        string config = Path.Combine(folder, "prometheus.yml");
        await File.WriteAllTextAsync(config, $"""
            global:
              scrape_interval: 1s
              scrape_timeout: 1s
            scrape_configs:
              - job_name: qwenlog
                metrics_path: {metricsPath}
                static_configs:
                  - targets: ['{target.Host}:{target.Port.ToString(CultureInfo.InvariantCulture)}']
            """);
        int port = FreePort.Next();
        var start = new ProcessStartInfo(binary)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[]
        {
            $"--config.file={config}", $"--storage.tsdb.path={Path.Combine(folder, "data")}",
            $"--web.listen-address=127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}", "--log.level=warn",
        })
        {
            start.ArgumentList.Add(argument);
        }

        var process = Process.Start(start)!;
        process.OutputDataReceived += (_, _) => { };
        process.ErrorDataReceived += (_, _) => { };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var server = new PrometheusServer(process, folder, new Uri($"http://127.0.0.1:{port.ToString(CultureInfo.InvariantCulture)}/"));
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                using var ready = await server._http.GetAsync(new Uri(server.BaseUri, "-/ready"));
                if (ready.IsSuccessStatusCode)
                {
                    return server;
                }
            }
            catch (HttpRequestException) when (DateTime.UtcNow < deadline && !process.HasExited)
            {
            }

            if (DateTime.UtcNow >= deadline || process.HasExited)
            {
                await server.DisposeAsync();
                throw new InvalidOperationException("prometheus did not become ready within 60 s");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>
    /// Runs an instant query through /api/v1/query until it returns at least one series (scrapes take a moment) and
    /// returns the series as (labels, value).
    /// </summary>
    public async Task<List<(Dictionary<string, string> Labels, double Value)>> QueryAsync(string promql, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            using var response = await _http.GetAsync(new Uri(BaseUri, "api/v1/query?query=" + Uri.EscapeDataString(promql)));
            response.EnsureSuccessStatusCode();
            using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
            var result = document.RootElement.GetProperty("data").GetProperty("result");
            if (result.GetArrayLength() > 0 || DateTime.UtcNow >= deadline)
            {
                return [.. result.EnumerateArray().Select(series => (
                    series.GetProperty("metric").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString()!, StringComparer.Ordinal),
                    double.Parse(series.GetProperty("value")[1].GetString()!, CultureInfo.InvariantCulture)))];
            }

            await Task.Delay(250);
        }
    }

    /// <summary>Evaluates <paramref name="promql"/> once; returns Prometheus' status ("success" or "error") and error text.</summary>
    public async Task<(string Status, string? Error)> EvaluateAsync(string promql)
    {
        using var response = await _http.GetAsync(new Uri(BaseUri, "api/v1/query?query=" + Uri.EscapeDataString(promql)));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var root = document.RootElement;
        return (root.GetProperty("status").GetString()!, root.TryGetProperty("error", out var error) ? error.GetString() : null);
    }

    /// <summary>The state of the scrape target as Prometheus sees it ("up", "down", "unknown").</summary>
    public async Task<(string Health, string LastError)> TargetAsync()
    {
        using var response = await _http.GetAsync(new Uri(BaseUri, "api/v1/targets"));
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        var target = document.RootElement.GetProperty("data").GetProperty("activeTargets")[0];
        return (target.GetProperty("health").GetString()!, target.GetProperty("lastError").GetString()!);
    }

    public async ValueTask DisposeAsync()
    {
        _http.Dispose();
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}
