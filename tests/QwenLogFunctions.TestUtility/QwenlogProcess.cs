using System.Diagnostics;

namespace QwenLogFunctions.TestUtility;

/// <summary>
/// Runs the real qwenlog executable as a child process: the CLI tests and the end-to-end tests drive it the way a
/// user does. It is found next to the calling test assembly (a test project referencing the CLI gets qwenlog.dll copied
/// there), or is the published binary named by QWENLOG_CLI (test.sh runs the CLI tests a second time that way, on the
/// native binary <c>dotnet publish</c> makes).
/// </summary>
public static class QwenlogProcess
{
    /// <summary>The published qwenlog binary the tests run instead of qwenlog.dll, when QWENLOG_CLI names one.</summary>
    public static string? PublishedBinary { get; } = Environment.GetEnvironmentVariable("QWENLOG_CLI") is { Length: > 0 } path ? Path.GetFullPath(path) : null;

    /// <summary>Runs qwenlog with these arguments; returns its exit code and what it printed.</summary>
    public static Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(params string[] arguments) =>
        RunWithEnvironmentAsync(new Dictionary<string, string?>(), arguments);

    /// <summary>Runs with extra environment variables; a null value removes the variable (e.g. an inherited AzureWebJobsStorage).</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo(PublishedBinary ?? "dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        if (PublishedBinary is null)
        {
            startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qwenlog.dll"));
        }

        foreach (string argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        startInfo.Environment["APPLICATIONINSIGHTS_SDKSTATS_DISABLED"] = "true";
        foreach (var (name, value) in environment)
        {
            if (value is null)
            {
                startInfo.Environment.Remove(name);
            }
            else
            {
                startInfo.Environment[name] = value;
            }
        }

        using var process = Process.Start(startInfo)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(3));
        await process.WaitForExitAsync(timeout.Token);
        return (process.ExitCode, await stdout, await stderr);
    }

    /// <summary>Runs qwenlog and returns its standard output; fails the test when it exits non-zero.</summary>
    public static async Task<string> SucceedsAsync(params string[] arguments)
    {
        var (exit, stdout, stderr) = await RunAsync(arguments);
        Assert.True(exit == 0, $"qwenlog {arguments[0]} exited {exit}: {stderr}");
        return stdout;
    }
}
