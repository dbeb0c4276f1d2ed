namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Reads one shard line by line (streaming, bounded memory) and yields, in line order, what every line became:
/// an accepted <see cref="Records.RequestRecord"/> with flags and redacted previews, a rejection with its reason,
/// or a blank line. Used by ingestion, where every request becomes a stored row.
/// </summary>
public sealed class DetailedShardReader
{
    private readonly AnalyzerOptions _options;

    /// <summary>Creates a reader.</summary>
    public DetailedShardReader(AnalyzerOptions options) => _options = options;

    /// <summary>Reads the shard; gzip content is detected by its magic bytes.</summary>
    public IAsyncEnumerable<ShardEntry> ReadAsync(Stream content, string shardName, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException(_options.ToString() + content + shardName + cancellationToken);
}
