using System.Diagnostics;

namespace QwenLogFunctions.Reporting.Tests.Browser;

/// <summary>Runs Debian's chromium headless on a local file: no network (file:// only, background services off), a fresh profile per run.</summary>
internal static class Chromium
{
    private static readonly TimeSpan Timeout = TimeSpan.FromMinutes(3);

    public static string? Find() => File.Exists("/usr/bin/chromium") ? "/usr/bin/chromium" : null;

    public static string Require() =>
        Find() ?? throw new InvalidOperationException(
            "/usr/bin/chromium is missing: the HTML report's browser test needs it. Install it with .ci/install-chromium.sh " +
            "(apt-get install chromium fonts-noto-cjk), or set QWENLOG_SKIP_BROWSER=1 to skip this test.");

    /// <summary>Loads <paramref name="htmlFile"/> and returns the serialized DOM after layout.</summary>
    public static Task<string> DumpDomAsync(string htmlFile) => RunAsync(htmlFile, ["--dump-dom"]);

    /// <summary>Loads <paramref name="htmlFile"/> in a 1280×2400 window and writes a PNG screenshot to <paramref name="pngFile"/>.</summary>
    public static Task<string> ScreenshotAsync(string htmlFile, string pngFile) => RunAsync(htmlFile, ["--screenshot=" + pngFile]);

    private static async Task<string> RunAsync(string htmlFile, IReadOnlyList<string> action)
    {
        string executable = Require();
        string profile = Directory.CreateTempSubdirectory("qwenlog-chromium-").FullName;
        try
        {
            var start = new ProcessStartInfo(executable)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            foreach (string argument in (string[])[
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                "--disable-extensions", "--disable-default-apps", "--hide-scrollbars",
                "--user-data-dir=" + profile, "--window-size=1280,2400", .. action, new Uri(htmlFile).AbsoluteUri])
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start) ?? throw new InvalidOperationException("chromium did not start.");
            Task<string> stdout = process.StandardOutput.ReadToEndAsync();
            Task<string> stderr = process.StandardError.ReadToEndAsync();
            using var timeout = new CancellationTokenSource(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"chromium did not finish within {Timeout}. stderr: {await stderr}");
            }

            string output = await stdout;
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"chromium exited with {process.ExitCode}. stderr: {await stderr}");
            }

            return output;
        }
        finally
        {
            try
            {
                Directory.Delete(profile, recursive: true);
            }
            catch (IOException)
            {
                // chromium's helper processes may still hold a file for a moment; a leftover temp profile is harmless.
            }
        }
    }
}
