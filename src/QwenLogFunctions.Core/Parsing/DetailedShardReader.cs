using System.Runtime.CompilerServices;
using QwenLogFunctions.Core.Parsing.Dialects;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// Reads one shard line by line (streaming, bounded memory) and yields, in line order, what every line became:
/// an accepted <see cref="RequestRecord"/> with flags and redacted previews, a rejection with its reason,
/// or a blank line. Used by ingestion, where every request becomes a stored row. Repeated inputs are detected
/// within the shard, exactly as the analyze fast path does, so both agree on every flag.
/// </summary>
public sealed class DetailedShardReader
{
    private readonly AnalyzerOptions _options;
    private readonly ComplianceRules _rules;

    /// <summary>Creates a reader.</summary>
    public DetailedShardReader(AnalyzerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _rules = new ComplianceRules(options.Rules);
    }

    /// <summary>Reads the shard; gzip content is detected by its magic bytes. The stream is disposed at the end.</summary>
    public async IAsyncEnumerable<ShardEntry> ReadAsync(Stream content, string shardName, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(content);
        ArgumentNullException.ThrowIfNull(shardName);
        var processor = new LineProcessor(_options, _rules);
        var dialectProcessor = new DialectLineProcessor(_options, _rules);
        LogDialect? dialect = null;
        var seenInputs = new InputHashSet();
        using var reader = new LineBlockReader(content, _options.MaxLineBytes, blockBytes: 1 << 20);
        while (await reader.ReadNextAsync(cancellationToken).ConfigureAwait(false) is { } chunk)
        {
            try
            {
                switch (chunk.Kind)
                {
                    case LineChunkKind.OversizeLine:
                        yield return Rejected(chunk.FirstLineNumber, shardName, processor.OversizeReason(chunk.OversizeBytes), string.Empty);
                        break;
                    case LineChunkKind.ReadError:
                        yield return new RejectedEntry(chunk.FirstLineNumber, ShardProblems.ReadError(shardName, chunk), string.Empty);
                        break;
                    default:
                        // The shard's dialect: forced by the options, or detected from its first block of lines.
                        dialect ??= _options.Dialect ?? DialectDetector.Detect(chunk.Span);
                        long lineNumber = chunk.FirstLineNumber;
                        int position = 0;
                        if (dialect != LogDialect.Article)
                        {
                            var entries = new List<ShardEntry>();
                            while (position < chunk.Length)
                            {
                                cancellationToken.ThrowIfCancellationRequested();
                                ProcessDialectLine(dialectProcessor, dialect.Value, chunk, ref position, lineNumber, shardName, seenInputs, entries);
                                lineNumber++;
                                foreach (var dialectEntry in entries)
                                {
                                    yield return dialectEntry;
                                }

                                entries.Clear();
                            }

                            break;
                        }

                        while (position < chunk.Length)
                        {
                            cancellationToken.ThrowIfCancellationRequested();
                            var entry = ProcessLine(processor, chunk, ref position, lineNumber, shardName, seenInputs);
                            lineNumber++;
                            yield return entry;
                        }

                        break;
                }
            }
            finally
            {
                chunk.Release();
            }
        }
    }

    private ShardEntry ProcessLine(LineProcessor processor, LineChunk chunk, ref int position, long lineNumber, string shard, InputHashSet seenInputs)
    {
        var rest = chunk.Span[position..];
        int lf = rest.IndexOf((byte)'\n');
        var line = lf < 0 ? rest : rest[..lf];
        position += lf < 0 ? rest.Length : lf + 1;

        switch (processor.Process(line, out var metrics, out ulong inputHash, out string? reason))
        {
            case LineOutcome.Blank:
                return new BlankEntry(lineNumber);
            case LineOutcome.Rejected:
                return lf < 0 && chunk.EndsWithUnterminatedLine
                    ? new RejectedEntry(lineNumber, ShardProblems.CutOffLastLine(shard, lineNumber, reason!), processor.Snippet(line))
                    : Rejected(lineNumber, shard, reason!, processor.Snippet(line));
            default:
                if (inputHash != 0 && _options.Rules.DetectRepeatedInputs && !seenInputs.Add(inputHash))
                {
                    metrics = metrics with { Flags = metrics.Flags | RequestFlags.RepeatedInput };
                }

                return new AcceptedEntry(lineNumber, processor.BuildRecord(line, shard, lineNumber, metrics));
        }
    }

    /// <summary>A line of another dialect: none, one or (OTLP) several requests, or a rejection.</summary>
    private void ProcessDialectLine(DialectLineProcessor processor, LogDialect dialect, LineChunk chunk, ref int position, long lineNumber, string shard, InputHashSet seenInputs, List<ShardEntry> entries)
    {
        var rest = chunk.Span[position..];
        int lf = rest.IndexOf((byte)'\n');
        var line = lf < 0 ? rest : rest[..lf];
        position += lf < 0 ? rest.Length : lf + 1;

        switch (processor.Process(line, dialect, out string? reason))
        {
            case LineOutcome.Blank:
                entries.Add(new BlankEntry(lineNumber));
                return;
            case LineOutcome.Rejected:
                entries.Add(Rejected(lineNumber, shard, reason!, Snippet(line)));
                return;
        }

        for (int i = 0; i < processor.Count; i++)
        {
            var metrics = processor.Metrics(i);
            ulong inputHash = processor.InputHash(i);
            if (inputHash != 0 && _options.Rules.DetectRepeatedInputs && !seenInputs.Add(inputHash))
            {
                metrics = metrics with { Flags = metrics.Flags | RequestFlags.RepeatedInput };
            }

            entries.Add(new AcceptedEntry(lineNumber, processor.BuildRecord(i, shard, lineNumber, metrics)));
        }

        if (processor.PartialRejection is { } partial)
        {
            entries.Add(Rejected(lineNumber, shard, partial, Snippet(line)));
        }
    }

    private string Snippet(ReadOnlySpan<byte> line)
    {
        var head = line[..Math.Min(line.Length, (_options.RejectSnippetChars * 4) + 512)];
        return Rules.Redactor.Preview(System.Text.Encoding.UTF8.GetString(head), _options.RejectSnippetChars);
    }

    private static RejectedEntry Rejected(long lineNumber, string shard, string reason, string snippet) =>
        new(lineNumber, new LineRejection(shard, lineNumber, reason), snippet);
}
