namespace QwenLogFunctions.Core.Parsing;

/// <summary>A shard to analyze: its name (as reported in rejects) and how to open its bytes (plain or gzip).</summary>
/// <param name="Name">Shard name: file path or blob name.</param>
/// <param name="Open">Opens a fresh read stream over the shard's raw bytes.</param>
/// <param name="Length">Raw size in bytes, when known (progress reporting).</param>
public sealed record ShardSource(string Name, Func<Stream> Open, long? Length)
{
    /// <summary>A shard backed by a local file (a .json file is read as one JSON document, see <see cref="Dialects.SingleDocumentStream"/>).</summary>
    public static ShardSource FromFile(string path, string? name = null) =>
        new(name ?? path, () => Dialects.SingleDocumentStream.ForShard(new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1, FileOptions.SequentialScan), path), new FileInfo(path).Length);
}
