using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json;
using Azure.Storage.Blobs;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.EndToEnd.Tests;

/// <summary>
/// The published Functions app running under a real Azure Functions host, on its own Azurite, once per test run.
/// The host is the folder named by QWENLOG_FUNCTIONS_HOST (holding Microsoft.Azure.WebJobs.Script.WebHost.dll, run as
/// shared/functions-host/README.md says) or, when that is unset, Core Tools' <c>func</c> on PATH. With neither,
/// <see cref="SkipReason"/> says so and every test reports itself skipped.
/// The app's settings are the committed local.settings.json "Values" (what a user's <c>func start</c> reads), with
/// AzureWebJobsStorage pointed at this Azurite and a loopback webhook for alerts.
/// </summary>
public sealed class FunctionsHostFixture : IAsyncLifetime
{
    /// <summary>The environment variable naming the host folder.</summary>
    public const string HostVariable = "QWENLOG_FUNCTIONS_HOST";

    /// <summary>The host's own assembly: a folder holding it is a Functions host.</summary>
    public const string HostAssembly = "Microsoft.Azure.WebJobs.Script.WebHost.dll";

    /// <summary>How often the suite's Reconcile timer runs (the app's default is every 5 minutes).</summary>
    public const string ReconcileSchedule = "*/20 * * * * *";

    private readonly AzuriteFixture _azurite = new();
    private readonly ConcurrentQueue<string> _output = new();
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "qwenlog-e2e-" + Guid.NewGuid().ToString("N")[..8]);
    private Process? _host;
    private int _port;

    /// <summary>Why the tests cannot run here; null when the host is up.</summary>
    public string? SkipReason { get; private set; }

    /// <summary>The settings the app runs with (local.settings.json plus the suite's own).</summary>
    public IReadOnlyDictionary<string, string> Settings { get; private set; } = new Dictionary<string, string>();

    /// <summary>The host's base address, http://127.0.0.1:PORT/.</summary>
    public Uri BaseAddress => new($"http://127.0.0.1:{_port}/");

    /// <summary>An HTTP client for the host (no key).</summary>
    public HttpClient Http { get; } = new() { Timeout = TimeSpan.FromMinutes(2) };

    /// <summary>The master key (admin API).</summary>
    public string MasterKey { get; private set; } = string.Empty;

    /// <summary>The default host key (every function).</summary>
    public string FunctionKey { get; private set; } = string.Empty;

    /// <summary>The Azurite behind the app.</summary>
    public AzuriteFixture Azurite => _azurite;

    /// <summary>The loopback webhook the app sends alert notifications to.</summary>
    public LoopbackHttpListener Webhook { get; } = LoopbackHttpListener.Start();

    /// <summary>The logs container the Ingest trigger watches.</summary>
    public BlobContainerClient LogsContainer => _azurite.BlobService.GetBlobContainerClient(Settings["QwenLogs__LogsContainer"]);

    /// <summary>A folder for the test's files, deleted at the end.</summary>
    public string WorkFolder => _folder;

    /// <summary>Seconds from starting the host process to "Job host started".</summary>
    public double HostStartSeconds { get; private set; }

    /// <summary>Whether the logs container existed when the host had started, before any test uploaded anything.</summary>
    public bool LogsContainerExistedAtStart { get; private set; }

    /// <summary>Seconds spent publishing the app.</summary>
    public double PublishSeconds { get; private set; }

    /// <summary>Everything the host (and through it the worker) printed so far.</summary>
    public IReadOnlyList<string> HostOutput => [.. _output];

    /// <summary>The last lines of the host's output, for a failing test's log.</summary>
    public string HostOutputTail(int lines = 200) => string.Join('\n', _output.TakeLast(lines));

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_folder);
        var launcher = ResolveHost();
        if (launcher is null)
        {
            SkipReason = $"No Azure Functions host: set {HostVariable} to a folder holding {HostAssembly} (see ../shared/functions-host/README.md), or put Core Tools' func on PATH.";
            return;
        }

        var publishing = PublishAsync();
        await _azurite.InitializeAsync();
        string app = await publishing;

        var settings = ReadLocalSettings();
        settings["AzureWebJobsStorage"] = _azurite.ConnectionString;
        settings["QwenLogs__ReconcileSchedule"] = ReconcileSchedule;
        settings["QwenLogs__Notifications__WebhookUrl"] = Webhook.Url("/alerts").ToString();

        // The blob trigger retries a failing blob through a queue polled at most once a minute by default; a shorter
        // interval (a host.json override, as an app setting) lets the poison case finish in seconds rather than minutes.
        settings["AzureFunctionsJobHost__extensions__queues__maxPollingInterval"] = "00:00:02";
        Settings = settings;

        _port = FreePort.Next();
        var stopwatch = Stopwatch.StartNew();
        _host = launcher(app, settings);
        _host.OutputDataReceived += (_, e) => Record(e.Data);
        _host.ErrorDataReceived += (_, e) => Record(e.Data);
        _host.BeginOutputReadLine();
        _host.BeginErrorReadLine();
        await WaitForOutputAsync(line => line.Contains("Job host started", StringComparison.Ordinal), TimeSpan.FromMinutes(3));
        HostStartSeconds = stopwatch.Elapsed.TotalSeconds;
        LogsContainerExistedAtStart = await LogsContainer.ExistsAsync();
        await ReadKeysAsync();
    }

    public async Task DisposeAsync()
    {
        // The host first (by process id, with its worker child), then its storage.
        if (_host is { HasExited: false })
        {
            _host.Kill(entireProcessTree: true);
            await _host.WaitForExitAsync(CancellationToken.None);
        }

        _host?.Dispose();
        await _azurite.DisposeAsync();
        await Webhook.DisposeAsync();
        Http.Dispose();
        try
        {
            Directory.Delete(_folder, recursive: true);
        }
        catch (IOException)
        {
            // A file still held open by a process that is going away: the temp folder is cleaned by the OS later.
        }
    }

    /// <summary>Waits until a line of the host's output matches, and returns it.</summary>
    public async Task<string> WaitForOutputAsync(Func<string, bool> predicate, TimeSpan timeout)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            var match = _output.FirstOrDefault(predicate);
            if (match is not null)
            {
                return match;
            }

            if (_host is { HasExited: true })
            {
                throw new InvalidOperationException($"The Functions host exited with code {_host.ExitCode}.\n{HostOutputTail()}");
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException($"No matching host output within {timeout}.\n{HostOutputTail()}");
            }

            await Task.Delay(200);
        }
    }

    /// <summary>A URL of the API with the function key.</summary>
    public Uri Api(string pathAndQuery, bool withKey = true)
    {
        string separator = pathAndQuery.Contains('?', StringComparison.Ordinal) ? "&" : "?";
        return new Uri(BaseAddress, "api/" + pathAndQuery + (withKey ? separator + "code=" + Uri.EscapeDataString(FunctionKey) : string.Empty));
    }

    /// <summary>Runs a timer function now through the admin API (202), as the README's quick start does.</summary>
    public async Task RunFunctionAsync(string name)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(BaseAddress, "admin/functions/" + name))
        {
            Content = new StringContent("{\"input\":\"\"}", System.Text.Encoding.UTF8, "application/json"),
        };
        request.Headers.Add("x-functions-key", MasterKey);
        using var response = await Http.SendAsync(request);
        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
    }

    private void Record(string? line)
    {
        if (line is not null)
        {
            _output.Enqueue(line);
            if (HostLogPath is not null)
            {
                lock (_output)
                {
                    File.AppendAllText(HostLogPath, line + "\n");
                }
            }
        }
    }

    /// <summary>Where the host's output is also written when QWENLOG_E2E_HOST_LOG names a file (to read it during a run).</summary>
    private static string? HostLogPath { get; } = Environment.GetEnvironmentVariable("QWENLOG_E2E_HOST_LOG") is { Length: > 0 } path ? path : null;

    /// <summary>How to start the host for a published app, or null when there is none here.</summary>
    private Func<string, IReadOnlyDictionary<string, string>, Process>? ResolveHost()
    {
        string? folder = Environment.GetEnvironmentVariable(HostVariable);
        if (!string.IsNullOrWhiteSpace(folder))
        {
            if (!File.Exists(Path.Combine(folder, HostAssembly)))
            {
                throw new InvalidOperationException($"{HostVariable}={folder} does not hold {HostAssembly}.");
            }

            return (app, settings) => StartRuntimeHost(folder, app, settings);
        }

        string? func = FindOnPath("func");
        return func is null ? null : (app, settings) => StartCoreTools(func, app, settings);
    }

    private Process StartRuntimeHost(string hostFolder, string app, IReadOnlyDictionary<string, string> settings)
    {
        // The host writes into its own folder (key sentinels, workers/): run a private copy.
        string copy = Path.Combine(_folder, "host");
        CopyFolder(hostFolder, copy);
        Directory.CreateDirectory(Path.Combine(copy, "workers"));
        var startInfo = NewStartInfo("dotnet", copy, settings);
        startInfo.ArgumentList.Add(HostAssembly);
        startInfo.Environment["DOTNET_ROLL_FORWARD"] = "Major";
        startInfo.Environment["AzureWebJobsScriptRoot"] = app;
        startInfo.Environment["AZURE_FUNCTIONS_ENVIRONMENT"] = "Development";
        startInfo.Environment["FUNCTIONS_CORETOOLS_ENVIRONMENT"] = "True";
        startInfo.Environment["ASPNETCORE_URLS"] = BaseAddress.ToString().TrimEnd('/');
        return Process.Start(startInfo) ?? throw new InvalidOperationException("The Functions host did not start.");
    }

    private Process StartCoreTools(string func, string app, IReadOnlyDictionary<string, string> settings)
    {
        // Core Tools reads local.settings.json from the script root; the environment wins over it. --enableAuth makes
        // it check function keys as Azure does (and as the 401 test expects).
        var startInfo = NewStartInfo(func, app, settings);
        foreach (string argument in new[] { "start", "--port", _port.ToString(CultureInfo.InvariantCulture), "--enableAuth" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        return Process.Start(startInfo) ?? throw new InvalidOperationException("func did not start.");
    }

    private static ProcessStartInfo NewStartInfo(string fileName, string workingDirectory, IReadOnlyDictionary<string, string> settings)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };

        // Some machines set CONTAINER_NAME: the host then believes it runs in Linux Consumption (10-minute timeout cap).
        startInfo.Environment.Remove("CONTAINER_NAME");
        startInfo.Environment["APPLICATIONINSIGHTS_SDKSTATS_DISABLED"] = "true";
        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        startInfo.Environment.Remove("APPLICATIONINSIGHTS_CONNECTION_STRING");
        foreach (var (name, value) in settings)
        {
            startInfo.Environment[name] = value;
        }

        return startInfo;
    }

    private async Task<string> PublishAsync()
    {
        var stopwatch = Stopwatch.StartNew();
        string output = Path.Combine(_folder, "app");
        var startInfo = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = RepositoryPaths.Root,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in new[] { "publish", RepositoryPaths.Combine("src", "QwenLogFunctions.Functions"), "-c", "Release", "-o", output, "--nologo" })
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException("dotnet publish did not start.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        }

        PublishSeconds = stopwatch.Elapsed.TotalSeconds;
        return output;
    }

    private static Dictionary<string, string> ReadLocalSettings()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("src", "QwenLogFunctions.Functions", "local.settings.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetString() ?? string.Empty);
    }

    private async Task ReadKeysAsync()
    {
        // The host creates its keys on the first keyed request and keeps them in azure-webjobs-secrets/<host id>/host.json.
        // A request with a wrong key makes the host load (and so create) its keys, and is refused.
        using (var unauthorized = await Http.GetAsync(new Uri(BaseAddress, "api/report?code=not-a-key")))
        {
            Assert.Equal(HttpStatusCode.Unauthorized, unauthorized.StatusCode);
        }

        var secrets = _azurite.BlobService.GetBlobContainerClient("azure-webjobs-secrets");
        var deadline = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            if (await secrets.ExistsAsync())
            {
                await foreach (var blob in secrets.GetBlobsAsync())
                {
                    if (blob.Name.EndsWith("/host.json", StringComparison.Ordinal))
                    {
                        var content = await secrets.GetBlobClient(blob.Name).DownloadContentAsync();
                        using var keys = JsonDocument.Parse(content.Value.Content.ToString());
                        MasterKey = keys.RootElement.GetProperty("masterKey").GetProperty("value").GetString()!;
                        FunctionKey = keys.RootElement.GetProperty("functionKeys").EnumerateArray()
                            .First(k => k.GetProperty("name").GetString() == "default").GetProperty("value").GetString()!;
                        return;
                    }
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The host wrote no keys to azure-webjobs-secrets within 60 s.\n" + HostOutputTail());
            }

            await Task.Delay(500);
        }
    }

    private static string? FindOnPath(string name)
    {
        foreach (string dir in (Environment.GetEnvironmentVariable("PATH") ?? string.Empty).Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries))
        {
            string candidate = Path.Combine(dir, name);
            if (File.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static void CopyFolder(string source, string target)
    {
        Directory.CreateDirectory(target);
        foreach (string dir in Directory.EnumerateDirectories(source, "*", SearchOption.AllDirectories))
        {
            Directory.CreateDirectory(Path.Combine(target, Path.GetRelativePath(source, dir)));
        }

        foreach (string file in Directory.EnumerateFiles(source, "*", SearchOption.AllDirectories))
        {
            string destination = Path.Combine(target, Path.GetRelativePath(source, file));
            File.Copy(file, destination, overwrite: true);

            // The copy must be writable even when the source is read-only (CI's shared/ has no write bits).
            File.SetAttributes(destination, FileAttributes.Normal);
        }
    }
}

/// <summary>One host for the whole test run: starting it takes a while.</summary>
[CollectionDefinition(Name)]
public sealed class FunctionsHostTests : ICollectionFixture<FunctionsHostFixture>
{
    /// <summary>The collection's name.</summary>
    public const string Name = "Functions host";
}
