using System.Diagnostics;
using System.Text.RegularExpressions;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Cli.Tests;

/// <summary>Every output path README.md and docs/ tell users to create in the repository is ignored by git.</summary>
public sealed class DocumentedOutputsIgnoredTests
{
    [Fact]
    public async Task Outputs_the_docs_create_are_in_gitignore()
    {
        var documents = new[] { RepositoryPaths.Combine("README.md") }.Concat(Directory.GetFiles(RepositoryPaths.Combine("docs"), "*.md"));
        var outputs = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string document in documents)
        {
            string text = await File.ReadAllTextAsync(document);
            foreach (Match match in Regex.Matches(text, @"(?:--out|-o|QWENLOG_REPORT_SCREENSHOT_OUT=)\s*([A-Za-z0-9_./$-]+\.[a-z]+)"))
            {
                string path = match.Groups[1].Value;
                // Absolute paths, committed files (the sample, the screenshot) and placeholders are not outputs to ignore.
                if (path.StartsWith('/') || path.StartsWith('$') || path.StartsWith("samples/", StringComparison.Ordinal) || path.StartsWith("docs/", StringComparison.Ordinal) || path == "FILE")
                {
                    continue;
                }

                outputs.Add(path);
            }
        }

        Assert.Contains("report.html", outputs);
        Assert.Contains("data/qwen.jsonl", outputs);
        foreach (string output in outputs)
        {
            var info = new ProcessStartInfo("git", ["check-ignore", "-q", "--no-index", output]) { WorkingDirectory = RepositoryPaths.Root };
            using var git = Process.Start(info)!;
            await git.WaitForExitAsync();
            Assert.True(git.ExitCode == 0, $"{output} (written by a command in the docs) is not in .gitignore");
        }
    }
}
