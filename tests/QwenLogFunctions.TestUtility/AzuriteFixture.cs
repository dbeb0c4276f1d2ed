using System.Diagnostics;
using System.Net.Sockets;
using Azure.Data.Tables;
using Azure.Storage.Blobs;

namespace QwenLogFunctions.TestUtility;

/// <summary>
/// A real Azurite (blob, queue, table) on free loopback ports, in memory, for one test assembly.
/// Uses the npm package installed in the repository's node_modules (the README's test command installs it);
/// when AZURITE_CONNECTION_STRING is set, that running instance is used instead.
/// </summary>
public sealed class AzuriteFixture : IAsyncLifetime
{
    /// <summary>Azurite's well-known development account key (public, documented by Microsoft).</summary>
    private const string DevAccountKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    // Starts with fresh ports after an early exit: a port found free can be taken before Azurite binds it (by another
    // fixture's Azurite, or as the local port of an outgoing connection), and Azurite then exits at once.
    private const int StartAttempts = 3;

    private Process? _process;

    // Azurite's error output of the current attempt, for the message when it exits early.
    private readonly System.Collections.Concurrent.ConcurrentQueue<string> _errors = new();

    /// <summary>Connection string of the running instance.</summary>
    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>A blob service client for the instance.</summary>
    public BlobServiceClient BlobService => new(ConnectionString);

    /// <summary>A table service client for the instance.</summary>
    public TableServiceClient TableService => new(ConnectionString);

    /// <summary>A short unique name usable as a container or table prefix (letters and digits only).</summary>
    public static string UniqueName(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    public async Task InitializeAsync()
    {
        var external = Environment.GetEnvironmentVariable("AZURITE_CONNECTION_STRING");
        if (!string.IsNullOrWhiteSpace(external))
        {
            ConnectionString = external;
            return;
        }

        var azurite = RepositoryPaths.Combine("node_modules", ".bin", "azurite");
        if (!File.Exists(azurite))
        {
            throw new InvalidOperationException(
                $"Azurite is not installed at {azurite}. Run the README's test command (./test.sh), which runs 'npm ci' first.");
        }

        for (int attempt = 1; ; attempt++)
        {
            try
            {
                await StartAsync(azurite);
                return;
            }
            catch (AzuriteExitedException) when (attempt < StartAttempts)
            {
                _process?.Dispose();
                _process = null;
            }
        }
    }

    private async Task StartAsync(string azurite)
    {
        _errors.Clear();
        int blobPort = FreePort.Next(), queuePort = FreePort.Next(), tablePort = FreePort.Next();
        var startInfo = new ProcessStartInfo(azurite)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in new[]
        {
            // --disableTelemetry: Azurite otherwise reports usage to an internet endpoint; tests talk to loopback only.
            "--inMemoryPersistence", "--skipApiVersionCheck", "--disableProductStyleUrl", "--silent", "--disableTelemetry",
            "--blobHost", "127.0.0.1", "--blobPort", blobPort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--queueHost", "127.0.0.1", "--queuePort", queuePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
            "--tableHost", "127.0.0.1", "--tablePort", tablePort.ToString(System.Globalization.CultureInfo.InvariantCulture),
        })
        {
            startInfo.ArgumentList.Add(argument);
        }

        _process = Process.Start(startInfo) ?? throw new InvalidOperationException("Azurite did not start.");
        _process.OutputDataReceived += (_, _) => { };
        _process.ErrorDataReceived += (_, line) =>
        {
            if (line.Data is not null)
            {
                _errors.Enqueue(line.Data);
            }
        };
        _process.BeginOutputReadLine();
        _process.BeginErrorReadLine();

        await WaitForPortAsync(blobPort);
        await WaitForPortAsync(queuePort);
        await WaitForPortAsync(tablePort);

        ConnectionString =
            $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={DevAccountKey};" +
            $"BlobEndpoint=http://127.0.0.1:{blobPort}/devstoreaccount1;" +
            $"QueueEndpoint=http://127.0.0.1:{queuePort}/devstoreaccount1;" +
            $"TableEndpoint=http://127.0.0.1:{tablePort}/devstoreaccount1;";
    }

    public Task DisposeAsync()
    {
        if (_process is { HasExited: false })
        {
            _process.Kill(entireProcessTree: true);
            _process.WaitForExit(5000);
        }

        _process?.Dispose();
        return Task.CompletedTask;
    }

    private async Task WaitForPortAsync(int port)
    {
        // Generous: on a loaded 2-core machine Node.js can take tens of seconds to start.
        var deadline = DateTime.UtcNow.AddSeconds(90);
        while (DateTime.UtcNow < deadline)
        {
            if (_process is { HasExited: true })
            {
                throw new AzuriteExitedException($"Azurite exited early with code {_process.ExitCode}: {string.Join(" | ", _errors)}");
            }

            try
            {
                using var client = new TcpClient();
                await client.ConnectAsync("127.0.0.1", port);
                return;
            }
            catch (SocketException)
            {
                await Task.Delay(100);
            }
        }

        throw new TimeoutException($"Azurite did not listen on 127.0.0.1:{port} within 90 s.");
    }
}

/// <summary>Azurite stopped before it listened on its ports.</summary>
public sealed class AzuriteExitedException(string message) : InvalidOperationException(message);
