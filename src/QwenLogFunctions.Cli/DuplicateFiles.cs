using System.Security.Cryptography;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Cli;

/// <summary>
/// Files given twice under different names with the same bytes: the rule of ingest (docs/pipeline.md, "Duplicate
/// content"), offline. Only files of equal size can be equal, so only those are hashed (SHA-256): a run without
/// copies reads nothing more than the analysis itself.
/// </summary>
internal static class DuplicateFiles
{
    /// <summary>The files to count (the first of each content, in the given order) and the copies left out.</summary>
    public static async Task<(IReadOnlyList<string> Counted, IReadOnlyList<DuplicateShard> Duplicates)> SplitAsync(IReadOnlyList<string> files, CancellationToken cancellationToken)
    {
        var sameSize = files.GroupBy(file => new FileInfo(file).Length).Where(group => group.Count() > 1).SelectMany(group => group).ToHashSet(StringComparer.Ordinal);
        var firstByHash = new Dictionary<string, string>(StringComparer.Ordinal);
        var counted = new List<string>();
        var duplicates = new List<DuplicateShard>();
        foreach (string file in files)
        {
            if (sameSize.Contains(file))
            {
                string hash;
                await using (var stream = new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true))
                {
                    hash = Convert.ToHexStringLower(await SHA256.HashDataAsync(stream, cancellationToken));
                }

                if (firstByHash.TryGetValue(hash, out string? original))
                {
                    duplicates.Add(new DuplicateShard(file, original));
                    continue;
                }

                firstByHash[hash] = file;
            }

            counted.Add(file);
        }

        return (counted, duplicates);
    }
}
