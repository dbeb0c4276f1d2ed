using Microsoft.Extensions.FileSystemGlobbing;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Cli.Arguments;

/// <summary>
/// Expands the PATH arguments of analyze, ingest and audit-sample: files as given, folders to their shards by the
/// <see cref="ShardNameRule"/> (*.jsonl, *.jsonl.gz, *.ndjson; recursively, in name order), and glob patterns (*, ?, **) relative to the current folder.
/// </summary>
internal static class InputPaths
{
    /// <summary>The files to read, or a one-line error saying why the input cannot be used.</summary>
    public static (IReadOnlyList<string> Files, string? Error) Expand(IEnumerable<string> arguments)
    {
        var (inputs, error) = ExpandCore(arguments);
        return (inputs.Select(input => input.Path).ToList(), error);
    }

    /// <summary>
    /// The files to read with the shard name each gets in storage: a file argument is named by its file name, a file
    /// found in a folder (or by a glob) by its path relative to that folder (or to the glob's folder before the first
    /// wildcard), with '/' separators. Two inputs with the same shard name are an error: the second would replace
    /// the first one's rows.
    /// </summary>
    public static (IReadOnlyList<InputFile> Files, string? Error) ExpandNamed(IEnumerable<string> arguments)
    {
        var (files, error) = ExpandCore(arguments);
        if (error is not null)
        {
            return ([], error);
        }

        var clash = files.GroupBy(file => file.ShardName, StringComparer.Ordinal).FirstOrDefault(group => group.Count() > 1);
        if (clash is not null)
        {
            var paths = clash.Select(file => file.Path).ToList();
            return ([], $"{paths[0]} and {paths[1]} would both be shard '{clash.Key}'; pass their common parent folder instead");
        }

        return (files, null);
    }

    private static (List<InputFile> Files, string? Error) ExpandCore(IEnumerable<string> arguments)
    {
        var files = new List<InputFile>();
        foreach (string argument in arguments)
        {
            if (File.Exists(argument))
            {
                files.Add(new InputFile(argument, Path.GetFileName(argument)));
            }
            else if (Directory.Exists(argument))
            {
                var found = Directory.EnumerateFiles(argument, "*", SearchOption.AllDirectories)
                    .Where(ShardNameRule.IsShardName)
                    .Order(StringComparer.Ordinal)
                    .ToList();
                if (found.Count == 0)
                {
                    return ([], $"no {ShardNameRule.Description} files in folder: {argument}");
                }

                files.AddRange(found.Select(path => new InputFile(path, RelativeName(argument, path))));
            }
            else if (argument.AsSpan().IndexOfAny('*', '?') >= 0)
            {
                var matches = ExpandGlob(argument);
                if (matches.Count == 0)
                {
                    return ([], $"no files match: {argument}");
                }

                string baseFolder = GlobBase(argument);
                files.AddRange(matches.Select(path => new InputFile(path, RelativeName(baseFolder, path))));
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

        foreach (var file in files)
        {
            try
            {
                using var handle = File.OpenHandle(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read);
            }
            catch (Exception ex) when (ex is UnauthorizedAccessException or IOException)
            {
                return ([], $"cannot read {file.Path}: {ex.Message}");
            }
        }

        return (files.DistinctBy(file => file.Path, StringComparer.Ordinal).ToList(), null);
    }

    private static string RelativeName(string folder, string path) =>
        Path.GetRelativePath(folder, path).Replace(Path.DirectorySeparatorChar, '/');

    // The folder part of a pattern before its first wildcard segment: "logs/2025/*/x*.jsonl" → "logs/2025".
    private static string GlobBase(string pattern)
    {
        var segments = pattern.Replace('\\', '/').Split('/');
        int wildcard = Array.FindIndex(segments, segment => segment.AsSpan().IndexOfAny('*', '?') >= 0);
        string joined = string.Join('/', segments[..wildcard]);
        if (joined.Length == 0)
        {
            return pattern.StartsWith('/') ? "/" : ".";
        }

        return joined;
    }

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
