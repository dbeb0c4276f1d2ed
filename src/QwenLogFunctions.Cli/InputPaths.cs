using Microsoft.Extensions.FileSystemGlobbing;

namespace QwenLogFunctions.Cli;

/// <summary>
/// Expands the PATH arguments of analyze and ingest: files as given, folders to their *.jsonl and *.jsonl.gz files
/// (recursively, in name order), and glob patterns (*, ?, **) relative to the current folder.
/// </summary>
internal static class InputPaths
{
    /// <summary>The files to read, or a one-line error saying why the input cannot be used.</summary>
    public static (IReadOnlyList<string> Files, string? Error) Expand(IEnumerable<string> arguments)
    {
        var files = new List<string>();
        foreach (string argument in arguments)
        {
            if (File.Exists(argument))
            {
                files.Add(argument);
            }
            else if (Directory.Exists(argument))
            {
                var found = Directory.EnumerateFiles(argument, "*", SearchOption.AllDirectories)
                    .Where(IsShardName)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    return ([], $"no .jsonl or .jsonl.gz files in folder: {argument}");
                }

                files.AddRange(found);
            }
            else if (argument.AsSpan().IndexOfAny('*', '?') >= 0)
            {
                var matches = ExpandGlob(argument);
                if (matches.Count == 0)
                {
                    return ([], $"no files match: {argument}");
                }

                files.AddRange(matches);
            }
            else
            {
                return ([], $"no such file or folder: {argument}");
            }
        }

        if (files.Count == 0)
        {
            return ([], "no input files given");
        }

        foreach (string file in files)
        {
            try
            {
                using var handle = File.OpenHandle(file, FileMode.Open, FileAccess.Read, FileShare.Read);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                return ([], $"cannot read {file}: {ex.Message}");
            }
        }

        return (files.Distinct(StringComparer.Ordinal).ToList(), null);
    }

    /// <summary>Whether a file name looks like a shard (.jsonl, .jsonl.gz, .ndjson).</summary>
    public static bool IsShardName(string path) =>
        path.EndsWith(".jsonl", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".jsonl.gz", StringComparison.OrdinalIgnoreCase)
        || path.EndsWith(".ndjson", StringComparison.OrdinalIgnoreCase);

    private static List<string> ExpandGlob(string pattern)
    {
        bool rooted = Path.IsPathRooted(pattern);
        string root = rooted ? Path.GetPathRoot(pattern)! : Directory.GetCurrentDirectory();
        string relative = rooted ? pattern[root.Length..] : pattern;
        var matcher = new Matcher(StringComparison.Ordinal);
        matcher.AddInclude(relative.Replace('\\', '/'));
        return matcher.GetResultsInFullPath(root)
            .Select(path => rooted ? path : Path.GetRelativePath(Directory.GetCurrentDirectory(), path))
            .Order(StringComparer.Ordinal)
            .ToList();
    }
}
