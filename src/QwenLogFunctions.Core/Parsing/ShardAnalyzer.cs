using QwenLogFunctions.Core.Statistics;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// The analyze fast path: reads shards in large blocks, parses and evaluates lines on all cores, and merges
/// the results in line order into one <see cref="ReportAccumulator"/>. No per-request objects are kept.
/// </summary>
public sealed class ShardAnalyzer
{
    private readonly AnalyzerOptions _options;

    /// <summary>Creates an analyzer.</summary>
    public ShardAnalyzer(AnalyzerOptions options) => _options = options;

    /// <summary>Analyzes the shards in order. <paramref name="bytesRead"/> receives raw bytes consumed so far.</summary>
    public ReportAccumulator Analyze(IReadOnlyList<ShardSource> shards, bool exactPercentiles, IProgress<long>? bytesRead = null, CancellationToken cancellationToken = default) =>
        throw new NotImplementedException(_options.ToString() + shards + exactPercentiles + bytesRead + cancellationToken);
}
