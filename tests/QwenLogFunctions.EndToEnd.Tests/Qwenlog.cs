using System.Diagnostics;

namespace QwenLogFunctions.EndToEnd.Tests;

/// <summary>Runs the real qwenlog executable (built next to the tests) as a child process.</summary>
internal static class Qwenlog
{
    public static Task<(int ExitCode, string StdOut, string StdErr)> RunAsync(params string[] arguments) =>
        RunWithEnvironmentAsync(new Dictionary<string, string?>(), arguments);

    /// <summary>Runs with extra environment variables; a null value removes the variable (e.g. an inherited AzureWebJobsStorage).</summary>
    public static async Task<(int ExitCode, string StdOut, string StdErr)> RunWithEnvironmentAsync(IReadOnlyDictionary<string, string?> environment, params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("dotnet")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
            StandardOutputEncoding = System.Text.Encoding.UTF8,
        };
        startInfo.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "qwenlog.dll"));
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
