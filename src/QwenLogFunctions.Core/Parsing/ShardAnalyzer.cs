using System.Buffers;
using QwenLogFunctions.Core.Parsing.Dialects;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Rules;
using QwenLogFunctions.Core.Statistics;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// The analyze fast path: worker threads (one per core) take the next block of complete lines from the shard
/// reader, parse and evaluate it, and park the result; the calling thread merges results strictly in shard and line
/// order (so "repeated input" means the same as in ingestion, and rejects are listed in order). Only numbers are
/// kept per request; memory is the blocks in flight, the repeated-input set, and 4–8 bytes per request per exact-percentile measure.
/// </summary>
/// <remarks>
/// Dedicated threads and one monitor rather than channels and the thread pool: on a 2-core machine, profiling showed
/// a quarter of all CPU time spent spinning and contending in the pool between tiny async hand-offs.
/// </remarks>
public sealed class ShardAnalyzer
{
    private readonly AnalyzerOptions _options;
    private readonly ComplianceRules _rules;
    private ulong _prefetchSink;

    /// <summary>Creates an analyzer.</summary>
    public ShardAnalyzer(AnalyzerOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _rules = new ComplianceRules(options.Rules);
    }

    /// <summary>Analyzes the shards in order on a background thread. <paramref name="bytesRead"/> receives the raw bytes consumed so far.</summary>
    public Task<ReportAccumulator> AnalyzeAsync(IReadOnlyList<ShardSource> shards, bool exactPercentiles, IProgress<long>? bytesRead = null, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(
            () => Analyze(shards, exactPercentiles, bytesRead, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>Analyzes the shards in order. <paramref name="bytesRead"/> receives the raw bytes consumed so far.</summary>
    public ReportAccumulator Analyze(IReadOnlyList<ShardSource> shards, bool exactPercentiles, IProgress<long>? bytesRead = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        int workers = _options.Parallelism > 0 ? _options.Parallelism : Environment.ProcessorCount;
        var pipeline = new Pipeline(this, shards, workers, cancellationToken);
        var threads = new Thread[workers];
        for (int i = 0; i < workers; i++)
        {
            threads[i] = new Thread(pipeline.Work) { IsBackground = true, Name = $"qwenlog-analyze-{i}" };
            threads[i].Start();
        }

        var result = new ReportAccumulator(exactPercentiles, _options.MaxRejectsListed, _options.LineTimestamp == LineTimestamp.Start) { BuildParallelism = workers };
        try
        {
            Merge(pipeline, shards, result, bytesRead);
        }
        finally
        {
            pipeline.Stop();
            foreach (var thread in threads)
            {
                thread.Join();
            }

            pipeline.Dispose();
        }

        return result;
    }

    private void Merge(Pipeline pipeline, IReadOnlyList<ShardSource> shards, ReportAccumulator result, IProgress<long>? bytesRead)
    {
        int currentShard = -1;
        long completedShardBytes = 0, lastShardPosition = 0;
        var seenInputs = new InputHashSet();
        var emptyRuns = new EmptyRunTracker();
        bool detectRepeats = _options.Rules.DetectRepeatedInputs;
        ulong prefetched = 0;

        foreach (var shard in shards)
        {
            result.AddShard(shard.Name);
        }

        while (pipeline.TakeNext() is { } ready)
        {
            if (ready.ShardIndex != currentShard)
            {
                completedShardBytes += lastShardPosition;
                lastShardPosition = 0;
                currentShard = ready.ShardIndex;
                seenInputs.Clear();
                result.AddEmptyRun(emptyRuns.Longest);
                emptyRuns.Reset();
            }

            if (detectRepeats)
            {
                prefetched ^= seenInputs.Prefetch(ready.InputHashes.AsSpan(0, ready.Count));
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
                emptyRuns.Add(metrics);
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
            ready.Release();
            bytesRead?.Report(completedShardBytes + lastShardPosition);
        }

        result.AddEmptyRun(emptyRuns.Longest);
        _prefetchSink = prefetched; // the prefetching reads are used, so the compiler keeps them
    }

    private static BlockResult Process(LineProcessor processor, LineChunk chunk, long sequence, int shardIndex, string shardName, LogDialect dialect, DialectLineProcessor dialectProcessor)
    {
        var result = new BlockResult(sequence, shardIndex, chunk.RawBytesConsumed, (int)Math.Min(chunk.LineCount, int.MaxValue));
        switch (chunk.Kind)
        {
            case LineChunkKind.OversizeLine:
                result.AddRejection(new LineRejection(shardName, chunk.FirstLineNumber, processor.OversizeReason(chunk.OversizeBytes)));
                return result;
            case LineChunkKind.ReadError:
                result.AddRejection(ShardProblems.ReadError(shardName, chunk));
                return result;
        }

        if (dialect != LogDialect.Article)
        {
            ProcessDialect(dialectProcessor, chunk, result, shardName, dialect);
            return result;
        }

        foreach (var line in chunk.Lines())
        {
            switch (processor.Process(line.Text, out var metrics, out ulong hash, out string? reason))
            {
                case LineOutcome.Blank:
                    result.Blank++;
                    break;
                case LineOutcome.Rejected:
                    result.AddRejection(line.IsUnterminatedLast
                        ? ShardProblems.CutOffLastLine(shardName, line.Number, reason!)
                        : new LineRejection(shardName, line.Number, reason!));
                    break;
                default:
                    result.Add(metrics, hash);
                    break;
            }
        }

        return result;
    }

    /// <summary>The lines of a block of another dialect than the article's: one line may hold several requests (OTLP).</summary>
    private static void ProcessDialect(DialectLineProcessor processor, LineChunk chunk, BlockResult result, string shardName, LogDialect dialect)
    {
        foreach (var line in chunk.Lines())
        {
            switch (processor.Process(line.Text, dialect, out string? reason))
            {
                case LineOutcome.Blank:
                    result.Blank++;
                    break;
                case LineOutcome.Rejected:
                    result.AddRejection(new LineRejection(shardName, line.Number, reason!));
                    break;
                default:
                    for (int i = 0; i < processor.Count; i++)
                    {
                        result.Add(processor.Metrics(i), processor.InputHash(i));
                    }

                    if (processor.PartialRejection is { } partial)
                    {
                        result.AddRejection(new LineRejection(shardName, line.Number, partial));
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// The shared state of one run: the shard reader (which shard and block come next) behind its own lock, and behind
    /// the gate the results waiting to be merged (a ring as large as the blocks allowed in flight), the count of blocks
    /// handed out, and the first failure.
    /// </summary>
    private sealed class Pipeline(ShardAnalyzer owner, IReadOnlyList<ShardSource> shards, int workers, CancellationToken cancellation) : IDisposable
    {
        private readonly object _gate = new();
        private readonly object _readGate = new();
        private readonly BlockResult?[] _ring = new BlockResult?[(workers * 2) + 2];
        private LineBlockReader? _reader;
        private LogDialect? _dialect;
        private int _shardIndex;
        private long _nextSequence;
        private long _merged;
        private bool _exhausted;
        private bool _stopped;
        private Exception? _failure;

        public void Work()
        {
            var processor = new LineProcessor(owner._options, owner._rules);
            var dialectProcessor = new DialectLineProcessor(owner._options, owner._rules);
            while (true)
            {
                LineChunk? chunk;
                long sequence;
                int shardIndex;
                LogDialect dialect;

                // Reading a block (a few MB copied from the page cache) holds only the reader's lock: the merging
                // thread and the other workers keep taking and handing in results meanwhile. Locks are always
                // taken in this order (reader, then gate), never the other way round.
                lock (_readGate)
                {
                    lock (_gate)
                    {
                        while (!_stopped && !_exhausted && _failure is null && _nextSequence - _merged >= _ring.Length)
                        {
                            Monitor.Wait(_gate);
                        }

                        if (_stopped || _exhausted || _failure is not null)
                        {
                            return;
                        }
                    }

                    try
                    {
                        cancellation.ThrowIfCancellationRequested();
                        chunk = ReadNextChunk();
                    }
                    catch (Exception ex)
                    {
                        lock (_gate)
                        {
                            Fail(ex);
                        }

                        return;
                    }

                    lock (_gate)
                    {
                        if (chunk is null)
                        {
                            _exhausted = true;
                            Monitor.PulseAll(_gate);
                            return;
                        }

                        sequence = _nextSequence++;
                    }

                    shardIndex = _shardIndex;
                    dialect = _dialect ?? LogDialect.Article;
                }

                BlockResult result;
                try
                {
                    result = Process(processor, chunk, sequence, shardIndex, shards[shardIndex].Name, dialect, dialectProcessor);
                }
                catch (Exception ex)
                {
                    lock (_gate)
                    {
                        Fail(ex);
                    }

                    return;
                }
                finally
                {
                    chunk.Release();
                }

                lock (_gate)
                {
                    _ring[sequence % _ring.Length] = result;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        /// <summary>The next result in order, or null when everything is merged; rethrows a worker's failure.</summary>
        public BlockResult? TakeNext()
        {
            lock (_gate)
            {
                while (true)
                {
                    if (_failure is not null)
                    {
                        System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
                    }

                    int slot = (int)(_merged % _ring.Length);
                    if (_ring[slot] is { } ready && ready.Sequence == _merged)
                    {
                        _ring[slot] = null;
                        _merged++;
                        Monitor.PulseAll(_gate);
                        return ready;
                    }

                    if (_exhausted && _merged == _nextSequence)
                    {
                        return null;
                    }

                    Monitor.Wait(_gate);
                }
            }
        }

        public void Stop()
        {
            lock (_gate)
            {
                _stopped = true;
                Monitor.PulseAll(_gate);
            }
        }

        public void Dispose()
        {
            _reader?.Dispose();
            foreach (var pending in _ring)
            {
                pending?.Release();
            }
        }

        private void Fail(Exception ex)
        {
            _failure ??= ex;
            Monitor.PulseAll(_gate);
        }

        // Called under the reader's lock: the reader is used by one thread at a time, in shard order.
        private LineChunk? ReadNextChunk()
        {
            while (_shardIndex < shards.Count)
            {
                _reader ??= new LineBlockReader(shards[_shardIndex].Open(), owner._options.MaxLineBytes, synchronous: true);
                var chunk = _reader.ReadNextAsync(cancellation).AsTask().GetAwaiter().GetResult();
                if (chunk is not null)
                {
                    // The shard's dialect: forced by the options, or detected from its first block of lines.
                    if (_dialect is null && chunk.Kind == LineChunkKind.Block)
                    {
                        _dialect = owner._options.Dialect ?? DialectDetector.Detect(chunk.Span);
                    }

                    return chunk;
                }

                _reader.Dispose();
                _reader = null;
                _dialect = null;
                if (_shardIndex == shards.Count - 1)
                {
                    return null;
                }

                _shardIndex++;
            }

            return null;
        }
    }

    /// <summary>What one block produced, merged in order. Its arrays are pooled and returned after the merge.</summary>
    private sealed class BlockResult(long sequence, int shardIndex, long rawBytesConsumed, int capacity)
    {
        public long Sequence { get; } = sequence;

        public int ShardIndex { get; } = shardIndex;

        public long RawBytesConsumed { get; } = rawBytesConsumed;

        public RequestMetrics[] Metrics { get; private set; } = ArrayPool<RequestMetrics>.Shared.Rent(Math.Max(capacity, 1));

        public ulong[] InputHashes { get; private set; } = ArrayPool<ulong>.Shared.Rent(Math.Max(capacity, 1));

        public int Count { get; private set; }

        public long Blank { get; set; }

        public List<LineRejection>? Rejections { get; private set; }

        public void Add(in RequestMetrics metrics, ulong hash)
        {
            if (Count == Metrics.Length)
            {
                var metricsArray = ArrayPool<RequestMetrics>.Shared.Rent(Count * 2);
                var hashes = ArrayPool<ulong>.Shared.Rent(Count * 2);
                Metrics.AsSpan(0, Count).CopyTo(metricsArray);
                InputHashes.AsSpan(0, Count).CopyTo(hashes);
                Release();
                Metrics = metricsArray;
                InputHashes = hashes;
            }

            Metrics[Count] = metrics;
            InputHashes[Count] = hash;
            Count++;
        }

        public void AddRejection(LineRejection rejection) => (Rejections ??= []).Add(rejection);

        public void Release()
        {
            // Clear the model/device references so pooled arrays do not keep strings alive.
            ArrayPool<RequestMetrics>.Shared.Return(Metrics, clearArray: true);
            ArrayPool<ulong>.Shared.Return(InputHashes);
        }
    }
}
