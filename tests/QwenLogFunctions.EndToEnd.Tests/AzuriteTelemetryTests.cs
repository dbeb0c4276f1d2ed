using System.Text.RegularExpressions;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.EndToEnd.Tests;

/// <summary>
/// Azurite reports usage to an internet endpoint unless started with --disableTelemetry. Every place that starts it —
/// scripts, docs a user copies from, test fixtures — must pass the flag.
/// </summary>
public sealed partial class AzuriteTelemetryTests
{
    [Fact]
    public void Every_Azurite_command_in_scripts_and_docs_disables_telemetry()
    {
        var files = new[] { "README.md", "test.sh", Path.Combine(".ci", "run") }
            .Select(path => RepositoryPaths.Combine(path))
            .Concat(Directory.EnumerateFiles(RepositoryPaths.Combine("docs"), "*.md"))
            .Concat(Directory.EnumerateFiles(RepositoryPaths.Combine("bench"), "*.*", SearchOption.AllDirectories)
                .Where(f => f.EndsWith(".md", StringComparison.Ordinal) || f.EndsWith(".sh", StringComparison.Ordinal)))
            .Where(File.Exists)
            .ToList();

        var commands = new List<string>();
        foreach (string file in files)
        {
            // A command may continue over lines ending in a backslash: judge the whole command.
            string text = File.ReadAllText(file).Replace("\\\n", " ", StringComparison.Ordinal);
            foreach (string line in text.Split('\n'))
            {
                if (AzuriteCommand().IsMatch(line))
                {
                    commands.Add($"{Path.GetRelativePath(RepositoryPaths.Root, file)}: {line.Trim()}");
                }
            }
        }

        Assert.NotEmpty(commands);
        Assert.All(commands, command => Assert.Contains("--disableTelemetry", command, StringComparison.Ordinal));
    }

    [Fact]
    public void The_test_fixture_starts_Azurite_without_telemetry()
    {
        string fixture = File.ReadAllText(RepositoryPaths.Combine("tests", "QwenLogFunctions.TestUtility", "AzuriteFixture.cs"));
        Assert.Contains("\"--disableTelemetry\"", fixture, StringComparison.Ordinal);
    }

    /// <summary>"azurite" run as a command (npx azurite, node_modules/.bin/azurite, azurite --…), not merely named.</summary>
    [GeneratedRegex(@"(npx\s+azurite|\.bin/azurite\s+--|^\s*azurite\s+--)", RegexOptions.Multiline)]
    private static partial Regex AzuriteCommand();
}
