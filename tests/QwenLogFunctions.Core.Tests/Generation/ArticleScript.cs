using System.Diagnostics;
using System.Text.Json;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Core.Tests.Generation;

/// <summary>Runs the article's analysis (bench/baselines/article_analysis.py) with python3 on a file.</summary>
public static class ArticleScript
{
    /// <summary>The script, in the repository.</summary>
    public static string ScriptPath { get; } = RepositoryPaths.Combine("bench", "baselines", "article_analysis.py");

    /// <summary>Runs the script on <paramref name="path"/> and returns its figures; throws with its stderr when it fails.</summary>
    public static ArticleFigures Run(string path)
    {
        var start = new ProcessStartInfo("python3")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(ScriptPath);
        start.ArgumentList.Add(path);
        // The article's open() names its encoding; this keeps Python's own stdout UTF-8 whatever the host locale is.
        start.Environment["PYTHONIOENCODING"] = "utf-8";

        using Process process = Process.Start(start) ?? throw new InvalidOperationException("python3 did not start.");
        Task<string> stderr = process.StandardError.ReadToEndAsync();
        string stdout = process.StandardOutput.ReadToEnd();
        if (!process.WaitForExit(TimeSpan.FromMinutes(5)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"article_analysis.py did not finish on {path} within 5 minutes.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException($"article_analysis.py exited with {process.ExitCode} on {path}: {stderr.Result}");
        }

        return JsonSerializer.Deserialize<ArticleFigures>(stdout)
            ?? throw new InvalidOperationException($"article_analysis.py printed no figures for {path}.");
    }
}
