using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using Xunit.Abstractions;

namespace QwenLogFunctions.EndToEnd.Tests;

/// <summary>
/// What every end-to-end test shares: the skip when no host is available, the host's output in the test log when a
/// test fails, and the steps users take (upload, wait for the ledger, run a timer, read the API).
/// </summary>
public abstract class HostTestBase
{
    /// <summary>How long a shard may take from upload to "succeeded" (container scans, retries, Reconcile).</summary>
    protected static readonly TimeSpan IngestTimeout = TimeSpan.FromMinutes(3);

    private readonly ITestOutputHelper _log;

    /// <summary>Creates the test.</summary>
    protected HostTestBase(FunctionsHostFixture host, ITestOutputHelper log)
    {
        Host = host;
        _log = log;
    }

    /// <summary>The running host.</summary>
    protected FunctionsHostFixture Host { get; }

    /// <summary>Skips when there is no host; runs the test and, when it fails, writes the host's output to the test log.</summary>
    protected async Task RunAsync(Func<Task> test)
    {
        Skip.If(Host.SkipReason is not null, Host.SkipReason);
        try
        {
            await test();
        }
        catch
        {
            _log.WriteLine($"--- Functions host output (last 400 lines; publish {Host.PublishSeconds:F0} s, host start {Host.HostStartSeconds:F0} s) ---");
            _log.WriteLine(Host.HostOutputTail(400));
            throw;
        }
    }

    /// <summary>Writes a line to the test log.</summary>
    protected void Log(string line) => _log.WriteLine(line);

    /// <summary>Uploads files to the logs container under their file names, all at once, creating the container if needed.</summary>
    protected async Task UploadAsync(params string[] files)
    {
        var container = Host.LogsContainer;
        await Task.WhenAll(files.Select(async file =>
        {
            await container.CreateIfNotExistsAsync();
            await container.GetBlobClient(Path.GetFileName(file)).UploadAsync(file, overwrite: true);
        }));
    }

    /// <summary>The blob's current ETag as the ledger records it.</summary>
    protected async Task<string> VersionOfAsync(string name)
    {
        var properties = await Host.LogsContainer.GetBlobClient(name).GetPropertiesAsync();
        return properties.Value.ETag.ToString();
    }

    /// <summary>GET /api/shards/{name} until the status is <paramref name="status"/> (and the version, when given).</summary>
    protected async Task<JsonElement> WaitForShardAsync(string name, string status, string? version = null, TimeSpan? timeout = null)
    {
        var deadline = DateTime.UtcNow + (timeout ?? IngestTimeout);
        string last = "(never seen)";
        while (true)
        {
            using (var response = await Host.Http.GetAsync(Host.Api("shards/" + name)))
            {
                string body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    using var document = JsonDocument.Parse(body);
                    var root = document.RootElement;
                    bool statusMatches = string.Equals(root.GetProperty("status").GetString(), status, StringComparison.OrdinalIgnoreCase);
                    bool versionMatches = version is null || root.GetProperty("blob_version").GetString() == version;
                    if (statusMatches && versionMatches)
                    {
                        return root.Clone();
                    }

                    last = body;
                }
                else if (response.StatusCode != HttpStatusCode.NotFound)
                {
                    last = $"{(int)response.StatusCode}: {body}";
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"Shard {name} did not reach status {status} (version {version ?? "any"}); last answer: {last}");
            }

            await Task.Delay(1000);
        }
    }

    /// <summary>Runs Aggregate through the admin API and waits for the host to log that this run finished.</summary>
    protected Task AggregateAsync() => RunAndWaitAsync("Aggregate");

    /// <summary>Runs a timer function through the admin API and waits for the host to log that a run of it finished.</summary>
    protected async Task RunAndWaitAsync(string function)
    {
        bool IsDone(string line) => line.Contains($"Executed 'Functions.{function}'", StringComparison.Ordinal);
        int before = CountOutput(IsDone);
        await Host.RunFunctionAsync(function);
        var deadline = DateTime.UtcNow.AddMinutes(3);
        while (CountOutput(IsDone) <= before)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"{function} did not finish within 3 minutes.");
            }

            await Task.Delay(500);
        }
    }

    /// <summary>GET /api/report for a range as JSON text.</summary>
    protected async Task<string> ReportAsync(string from, string to)
    {
        using var response = await Host.Http.GetAsync(Host.Api($"report?from={from}&to={to}"));
        string body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"GET /api/report: {(int)response.StatusCode} {body}");
        return body;
    }

    /// <summary>How many lines of the host's output match.</summary>
    protected int CountOutput(Func<string, bool> predicate) => Host.HostOutput.Count(predicate);

    /// <summary>A blob client in the logs container.</summary>
    protected BlobClient Blob(string name) => Host.LogsContainer.GetBlobClient(name);

    /// <summary>A fresh folder for this test's files.</summary>
    protected string NewFolder(string name)
    {
        string folder = Path.Combine(Host.WorkFolder, name);
        Directory.CreateDirectory(folder);
        return folder;
    }
}
