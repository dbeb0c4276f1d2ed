namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Which file and blob names are shards: the one rule behind <c>analyze</c> and <c>ingest</c> of a folder and the
/// blob trigger, so the stored report and the offline one read the same inputs. Gzip is recognized by content, not
/// by name, so a compressed shard needs no separate extension beyond the conventional <c>.jsonl.gz</c>.
/// </summary>
public static class ShardNameRule
{
    /// <summary>
    /// The shard extensions, matched case-insensitively at the end of the name: JSON Lines, and .json / .json.gz, one
    /// JSON document per file as LiteLLM's blob and bucket loggers write them (read by <see cref="Dialects.SingleDocumentStream"/>).
    /// </summary>
    public static IReadOnlyList<string> Extensions { get; } = [".jsonl", ".jsonl.gz", ".ndjson", ".json", ".json.gz"];

    /// <summary>The extensions as one phrase for messages: ".jsonl, .jsonl.gz, .ndjson, .json or .json.gz".</summary>
    public static string Description { get; } = string.Join(", ", Extensions.Take(Extensions.Count - 1)) + " or " + Extensions[^1];

    /// <summary>Whether a file path or blob name is a shard.</summary>
    public static bool IsShardName(string name)
    {
        ArgumentNullException.ThrowIfNull(name);
        foreach (string extension in Extensions)
        {
            if (name.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }
}
