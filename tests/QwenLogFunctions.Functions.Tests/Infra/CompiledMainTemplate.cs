using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Text.Json;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests.Infra;

/// <summary>
/// infra/main.bicep compiled to ARM JSON once per test class by the Bicep CLI from NuGet (the same version
/// .ci/bicep-check.sh uses), downloaded into .tools/ when missing. Offline once downloaded.
/// </summary>
public sealed class CompiledMainTemplate : IAsyncLifetime
{
    private const string BicepVersion = "0.49.2";

    // Test classes run in parallel; one download at a time into the shared .tools folder.
    private static readonly SemaphoreSlim DownloadLock = new(1, 1);

    private JsonDocument? _document;

    /// <summary>The compiled template.</summary>
    public JsonElement Root => (_document ?? throw new InvalidOperationException("Not initialized.")).RootElement;

    public async Task InitializeAsync()
    {
        var bicep = await EnsureBicepAsync();
        var (exitCode, stdout, stderr) = await RunAsync(
            bicep, ["build", RepositoryPaths.Combine("infra", "main.bicep"), "--stdout"], RepositoryPaths.Root);
        if (exitCode != 0)
        {
            throw new InvalidOperationException($"bicep build failed ({exitCode}): {stderr}");
        }

        _document = JsonDocument.Parse(stdout);
    }

    public Task DisposeAsync()
    {
        _document?.Dispose();
        return Task.CompletedTask;
    }

    private static async Task<string> EnsureBicepAsync()
    {
        var (rid, executable) = CurrentPlatform();
        var package = $"Azure.Bicep.CommandLine.{rid}";
        var bicep = RepositoryPaths.Combine(".tools", package.ToLowerInvariant(), BicepVersion, "tools", executable);
        await DownloadLock.WaitAsync();
        try
        {
            if (File.Exists(bicep))
            {
                return bicep;
            }

            var (exitCode, _, stderr) = await RunAsync(
                "dotnet", ["package", "download", $"{package}@{BicepVersion}", "-o", RepositoryPaths.Combine(".tools")], RepositoryPaths.Root);
            if (exitCode != 0 || !File.Exists(bicep))
            {
                throw new InvalidOperationException($"Could not download {package} {BicepVersion} ({exitCode}): {stderr}");
            }

            if (!OperatingSystem.IsWindows())
            {
                File.SetUnixFileMode(bicep, File.GetUnixFileMode(bicep) | UnixFileMode.UserExecute);
            }

            return bicep;
        }
        finally
        {
            DownloadLock.Release();
        }
    }

    private static (string Rid, string Executable) CurrentPlatform()
    {
        var arch = RuntimeInformation.OSArchitecture switch
        {
            Architecture.X64 => "x64",
            Architecture.Arm64 => "arm64",
            var other => throw new PlatformNotSupportedException($"No Bicep CLI package for {other}."),
        };
        if (OperatingSystem.IsWindows())
        {
            return ($"win-{arch}", "bicep.exe");
        }

        return (OperatingSystem.IsMacOS() ? $"osx-{arch}" : $"linux-{arch}", "bicep");
    }

    private static async Task<(int ExitCode, string Stdout, string Stderr)> RunAsync(string fileName, string[] arguments, string workingDirectory)
    {
        var startInfo = new ProcessStartInfo(fileName)
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        // The Bicep CLI keeps a cache under HOME and fails when HOME is missing or read-only.
        var home = Environment.GetEnvironmentVariable("HOME");
        if (string.IsNullOrEmpty(home) || !Directory.Exists(home))
        {
            startInfo.Environment["HOME"] = Path.GetTempPath();
        }

        using var process = Process.Start(startInfo) ?? throw new InvalidOperationException($"Could not start {fileName}.");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        await process.WaitForExitAsync();
        return (process.ExitCode, await stdout, await stderr);
    }
}
