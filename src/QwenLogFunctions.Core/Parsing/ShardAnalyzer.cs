using System.Threading.Channels;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Rules;
using QwenLogFunctions.Core.Statistics;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// The analyze fast path: one reader cuts shards into blocks of complete lines, workers (one per core) parse and
/// evaluate blocks in parallel, and the caller's thread merges block results strictly in shard and line order
/// (so "repeated input" means the same as in ingestion, and rejects are listed in order). Only numbers are kept
/// per request; memory is the in-flight blocks plus 8 bytes per request per exact-percentile measure.
/// </summary>
public sealed class ShardAnalyzer
{
    private readonly AnalyzerOptions _options;
    private readonly ComplianceRules _rules;

    /// <summary>Creates an analyzer.</summary>
    public ShardAnalyzer(AnalyzerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _rules = new ComplianceRules(options.Rules);
    }

    /// <summary>Analyzes the shards in order. <paramref name="bytesRead"/> receives the raw bytes consumed so far.</summary>
    public ReportAccumulator Analyze(IReadOnlyList<ShardSource> shards, bool exactPercentiles, IProgress<long>? bytesRead = null, CancellationToken cancellationToken = default) =>
        AnalyzeAsync(shards, exactPercentiles, bytesRead, cancellationToken).GetAwaiter().GetResult();

    /// <summary>Analyzes the shards in order. <paramref name="bytesRead"/> receives the raw bytes consumed so far.</summary>
    public async Task<ReportAccumulator> AnalyzeAsync(IReadOnlyList<ShardSource> shards, bool exactPercentiles, IProgress<long>? bytesRead = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        int workers = _options.Parallelism > 0 ? _options.Parallelism : Environment.ProcessorCount;
        using var cancellation = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        var token = cancellation.Token;

        var work = Channel.CreateBounded<WorkItem>(new BoundedChannelOptions(workers * 2) { SingleWriter = true });
        var done = Channel.CreateUnbounded<BlockResult>(new UnboundedChannelOptions { SingleReader = true });

        // Bounds the blocks alive at once (read, queued, processed but not yet merged): memory stays flat.
        using var inFlight = new SemaphoreSlim(workers * 3);

        var producer = Task.Run(() => ProduceAsync(shards, work.Writer, inFlight, token), token);
        var consumers = Enumerable.Range(0, workers)
            .Select(_ => Task.Run(() => ConsumeAsync(work.Reader, done.Writer, token), token))
            .ToArray();
        var completion = Task.WhenAll(consumers).ContinueWith(t => done.Writer.TryComplete(t.Exception), TaskScheduler.Default);

        var result = new ReportAccumulator(exactPercentiles, _options.MaxRejectsListed);
        try
        {
            await MergeAsync(shards, done.Reader, inFlight, result, bytesRead, token).ConfigureAwait(false);
            await producer.ConfigureAwait(false);
            await completion.ConfigureAwait(false);
        }
        catch
        {
            await cancellation.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll([producer, .. consumers]).ContinueWith(static _ => { }, TaskScheduler.Default).ConfigureAwait(false);
            if (producer.IsFaulted)
            {
                throw producer.Exception!.InnerException!;
            }

            throw;
        }

        return result;
    }

    private async Task ProduceAsync(IReadOnlyList<ShardSource> shards, ChannelWriter<WorkItem> writer, SemaphoreSlim inFlight, CancellationToken token)
    {
        try
        {
            long sequence = 0;
            for (int shardIndex = 0; shardIndex < shards.Count; shardIndex++)
            {
                using var reader = new LineBlockReader(shards[shardIndex].Open(), _options.MaxLineBytes);
                while (true)
                {
                    await inFlight.WaitAsync(token).ConfigureAwait(false);
                    var chunk = await reader.ReadNextAsync(token).ConfigureAwait(false);
                    if (chunk is null)
                    {
                        inFlight.Release();
                        break;
                    }

                    await writer.WriteAsync(new WorkItem(sequence++, shardIndex, shards[shardIndex].Name, chunk), token).ConfigureAwait(false);
                }
            }

            writer.TryComplete();
        }
        catch (Exception ex)
        {
            writer.TryComplete(ex);
            throw;
        }
    }

    private async Task ConsumeAsync(ChannelReader<WorkItem> reader, ChannelWriter<BlockResult> writer, CancellationToken token)
    {
        var processor = new LineProcessor(_options, _rules);
        await foreach (var item in reader.ReadAllAsync(token).ConfigureAwait(false))
        {
            BlockResult result;
            try
            {
                result = Process(processor, item);
            }
            finally
            {
                item.Chunk.Release();
            }

            await writer.WriteAsync(result, token).ConfigureAwait(false);
        }
    }

    private static BlockResult Process(LineProcessor processor, WorkItem item)
    {
        var chunk = item.Chunk;
        var result = new BlockResult(item.Sequence, item.ShardIndex, chunk.RawBytesConsumed, (int)Math.Min(chunk.LineCount, int.MaxValue));
        switch (chunk.Kind)
        {
            case LineChunkKind.OversizeLine:
                result.AddRejection(new LineRejection(item.ShardName, chunk.FirstLineNumber, processor.OversizeReason(chunk.OversizeBytes)));
                return result;
            case LineChunkKind.ReadError:
                result.AddRejection(new LineRejection(item.ShardName, chunk.FirstLineNumber, chunk.Error!));
                return result;
        }

        var span = chunk.Span;
        long lineNumber = chunk.FirstLineNumber;
        while (!span.IsEmpty)
        {
            int lf = span.IndexOf((byte)'\n');
            var line = lf < 0 ? span : span[..lf];
            span = lf < 0 ? default : span[(lf + 1)..];
            switch (processor.Process(line, out var metrics, out ulong hash, out string? reason))
            {
                case LineOutcome.Blank:
                    result.Blank++;
                    break;
                case LineOutcome.Rejected:
                    result.AddRejection(new LineRejection(item.ShardName, lineNumber, reason!));
                    break;
                default:
                    result.Add(metrics, hash);
                    break;
            }

            lineNumber++;
        }

        return result;
    }

    private async Task MergeAsync(IReadOnlyList<ShardSource> shards, ChannelReader<BlockResult> reader, SemaphoreSlim inFlight, ReportAccumulator result, IProgress<long>? bytesRead, CancellationToken token)
    {
        var pending = new Dictionary<long, BlockResult>();
        long next = 0;
        int currentShard = -1;
        long completedShardBytes = 0, lastShardPosition = 0;
        var seenInputs = new HashSet<ulong>();
        bool detectRepeats = _options.Rules.DetectRepeatedInputs;

        foreach (var shard in shards)
        {
            result.AddShard(shard.Name);
        }

        await foreach (var block in reader.ReadAllAsync(token).ConfigureAwait(false))
        {
            pending[block.Sequence] = block;
            while (pending.Remove(next, out var ready))
            {
                next++;
                if (ready.ShardIndex != currentShard)
                {
                    completedShardBytes += lastShardPosition;
                    lastShardPosition = 0;
                    currentShard = ready.ShardIndex;
                    seenInputs.Clear();
                }

                for (int i = 0; i < ready.Count; i++)
                {
                    var metrics = ready.Metrics[i];
                    ulong hash = ready.InputHashes[i];
                    if (detectRepeats && hash != 0 && !seenInputs.Add(hash))
                    {
                        metrics = metrics with { Flags = metrics.Flags | RequestFlags.RepeatedInput };
                    }

                    result.AddRequest(metrics);
                }

                if (ready.Rejections is not null)
                {
                    foreach (var rejection in ready.Rejections)
                    {
                        result.AddRejection(rejection);
                    }
                }

                result.AddBlankLines(ready.Blank);
                lastShardPosition = ready.RawBytesConsumed;
                bytesRead?.Report(completedShardBytes + lastShardPosition);
                inFlight.Release();
            }
        }
    }

    private sealed record WorkItem(long Sequence, int ShardIndex, string ShardName, LineChunk Chunk);

    /// <summary>What one block produced, merged in order.</summary>
    private sealed class BlockResult(long sequence, int shardIndex, long rawBytesConsumed, int capacity)
    {
        public long Sequence { get; } = sequence;

        public int ShardIndex { get; } = shardIndex;

        public long RawBytesConsumed { get; } = rawBytesConsumed;

        public RequestMetrics[] Metrics { get; private set; } = new RequestMetrics[Math.Max(capacity, 1)];

        public ulong[] InputHashes { get; private set; } = new ulong[Math.Max(capacity, 1)];

        public int Count { get; private set; }

        public long Blank { get; set; }

        public List<LineRejection>? Rejections { get; private set; }

        public void Add(in RequestMetrics metrics, ulong hash)
        {
            if (Count == Metrics.Length)
            {
                var metricsArray = Metrics;
                var hashes = InputHashes;
                Array.Resize(ref metricsArray, Count * 2);
                Array.Resize(ref hashes, Count * 2);
                Metrics = metricsArray;
                InputHashes = hashes;
            }

            Metrics[Count] = metrics;
            InputHashes[Count] = hash;
            Count++;
        }

        public void AddRejection(LineRejection rejection) => (Rejections ??= []).Add(rejection);
    }
}
