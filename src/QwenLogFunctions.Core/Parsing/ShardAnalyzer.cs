using System.Buffers;
using QwenLogFunctions.Core.Parsing.Dialects;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Rules;
using QwenLogFunctions.Core.Statistics;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>
/// The analyze fast path: worker threads (as many as <see cref="AnalyzerOptions.Parallelism"/>, the calling thread
/// among them) take the next block of complete lines from the shard reader, parse and evaluate it, and hand in the
/// result; the worker that hands in the next block in order merges it, and every later one already waiting, strictly
/// in shard and line order (so "repeated input" means the same as in ingestion, and rejects are listed in order).
/// Only numbers are kept per request; memory is the blocks in flight, the repeated-input set, and 4–8 bytes per
/// request per exact-percentile measure.
/// </summary>
/// <remarks>
/// <para>Dedicated threads and one monitor rather than channels and the thread pool: on a 2-core machine, profiling
/// showed a quarter of all CPU time spent spinning and contending in the pool between tiny async hand-offs.</para>
/// <para>Why no merging thread of its own: it took about a tenth of the CPU, so with two workers three busy threads
/// shared two cores, and with one worker the run used 1.09 cores. Merged by the workers, N workers use N cores, and the
/// block a worker merges is the one it has just written (its metrics still in that core's cache).</para>
/// </remarks>
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

    /// <summary>Analyzes the shards in order on a background thread. <paramref name="bytesRead"/> receives the raw bytes consumed so far.</summary>
    public Task<ReportAccumulator> AnalyzeAsync(IReadOnlyList<ShardSource> shards, bool exactPercentiles, IProgress<long>? bytesRead = null, CancellationToken cancellationToken = default) =>
        Task.Factory.StartNew(
            () => Analyze(shards, exactPercentiles, bytesRead, cancellationToken),
            cancellationToken,
            TaskCreationOptions.LongRunning,
            TaskScheduler.Default);

    /// <summary>
    /// Analyzes the shards in order. <paramref name="bytesRead"/> receives the raw bytes consumed so far, from whichever
    /// worker is merging (one at a time, in order).
    /// </summary>
    public ReportAccumulator Analyze(IReadOnlyList<ShardSource> shards, bool exactPercentiles, IProgress<long>? bytesRead = null, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(shards);
        int workers = _options.Parallelism > 0 ? _options.Parallelism : Environment.ProcessorCount;
        var result = new ReportAccumulator(exactPercentiles, _options.MaxRejectsListed, _options.LineTimestamp == LineTimestamp.Start) { BuildParallelism = workers };
        var merger = new Merger(shards, result, _options.Rules.DetectRepeatedInputs, bytesRead);
        var pipeline = new Pipeline(this, shards, workers, merger, cancellationToken);

        // The calling thread is one of the workers.
        var threads = new Thread[workers - 1];
        for (int i = 0; i < threads.Length; i++)
        {
            threads[i] = new Thread(pipeline.Work) { IsBackground = true, Name = $"qwenlog-analyze-{i + 1}" };
            threads[i].Start();
        }

        try
        {
            pipeline.Work();
        }
        catch (Exception ex)
        {
            pipeline.Fail(ex); // the other workers stop at their next block instead of waiting for this one's
            throw;
        }
        finally
        {
            foreach (var thread in threads)
            {
                thread.Join();
            }

            pipeline.Dispose();
        }

        pipeline.ThrowIfFailed();
        merger.Finish();
        return result;
    }

    /// <summary>
    /// What merging carries from one block to the next: the shard being merged, the repeated-input set and the run of
    /// empty responses. Used by one worker at a time (see <see cref="Pipeline"/>), in block order.
    /// </summary>
    private sealed class Merger
    {
        private readonly ReportAccumulator _result;
        private readonly bool _detectRepeats;
        private readonly IProgress<long>? _bytesRead;
        private readonly InputHashSet _seenInputs = new();
        private readonly EmptyRunTracker _emptyRuns = new();
        private int _currentShard = -1;
        private long _completedShardBytes;
        private long _lastShardPosition;
        private ulong _prefetched; // the prefetching reads are used, so the compiler keeps them

        public Merger(IReadOnlyList<ShardSource> shards, ReportAccumulator result, bool detectRepeats, IProgress<long>? bytesRead)
        {
            _result = result;
            _detectRepeats = detectRepeats;
            _bytesRead = bytesRead;
            foreach (var shard in shards)
            {
                result.AddShard(shard.Name);
            }
        }

        public void Merge(BlockResult ready)
        {
            if (ready.ShardIndex != _currentShard)
            {
                _completedShardBytes += _lastShardPosition;
                _lastShardPosition = 0;
                _currentShard = ready.ShardIndex;
                _seenInputs.Clear();
                _result.AddEmptyRun(_emptyRuns.Longest);
                _emptyRuns.Reset();
            }

            if (_detectRepeats)
            {
                _prefetched ^= _seenInputs.Prefetch(ready.InputHashes.AsSpan(0, ready.Count));
            }

            for (int i = 0; i < ready.Count; i++)
            {
                var metrics = ready.Metrics[i];
                ulong hash = ready.InputHashes[i];
                if (_detectRepeats && hash != 0 && !_seenInputs.Add(hash))
                {
                    metrics = metrics with { Flags = metrics.Flags | RequestFlags.RepeatedInput };
                }

                _result.AddRequest(metrics);
                _emptyRuns.Add(metrics);
            }

            if (ready.Rejections is not null)
            {
                foreach (var rejection in ready.Rejections)
                {
                    _result.AddRejection(rejection);
                }
            }

            _result.AddBlankLines(ready.Blank);
            _lastShardPosition = ready.RawBytesConsumed;
            _bytesRead?.Report(_completedShardBytes + _lastShardPosition);
        }

        /// <summary>After the last block: the last shard's longest run of empty responses.</summary>
        public void Finish() => _result.AddEmptyRun(_emptyRuns.Longest);
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
    /// handed out and merged, whether a worker is merging, and the first failure.
    /// </summary>
    private sealed class Pipeline(ShardAnalyzer owner, IReadOnlyList<ShardSource> shards, int workers, Merger merger, CancellationToken cancellation) : IDisposable
    {
        private readonly object _gate = new();
        private readonly object _readGate = new();
        private readonly BlockResult?[] _ring = new BlockResult?[(workers * 2) + 2];
        private LineBlockReader? _reader;
        private LogDialect? _dialect;
        private int _shardIndex;
        private long _nextSequence;
        private long _merged;
        private bool _merging;
        private bool _exhausted;
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

                // Reading a block (half a MiB copied from the page cache) holds only the reader's lock: the other workers
                // keep handing in and merging results meanwhile. Locks are always taken in this order (reader, then
                // gate), never the other way round.
                lock (_readGate)
                {
                    lock (_gate)
                    {
                        // A full ring waits for the merge: the block it needs is being processed or merged by another
                        // worker, which merges it (and what follows) when it hands it in.
                        while (!_exhausted && _failure is null && _nextSequence - _merged >= _ring.Length)
                        {
                            Monitor.Wait(_gate);
                        }

                        if (_exhausted || _failure is not null)
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
                        Fail(ex);
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
                    Fail(ex);
                    return;
                }
                finally
                {
                    chunk.Release();
                }

                bool merge;
                lock (_gate)
                {
                    _ring[sequence % _ring.Length] = result;
                    merge = !_merging && _failure is null;
                    _merging |= merge;
                }

                if (merge && !MergeReady())
                {
                    return;
                }
            }
        }

        /// <summary>Rethrows the first failure of any worker (or of merging).</summary>
        public void ThrowIfFailed()
        {
            lock (_gate)
            {
                if (_failure is not null)
                {
                    System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(_failure);
                }

                if (_merged != _nextSequence)
                {
                    throw new InvalidOperationException($"analysis ended with {_nextSequence - _merged} blocks not merged");
                }
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

        /// <summary>
        /// Merges the blocks that are next in order, for as long as they are there; the caller holds the merging turn
        /// and gives it back when the next block is not yet handed in (its worker then merges it). False on a failure.
        /// </summary>
        private bool MergeReady()
        {
            while (true)
            {
                BlockResult ready;
                lock (_gate)
                {
                    int slot = (int)(_merged % _ring.Length);
                    if (_failure is not null || _ring[slot] is not { } next || next.Sequence != _merged)
                    {
                        _merging = false;
                        return _failure is null;
                    }

                    _ring[slot] = null;
                    ready = next;
                }

                try
                {
                    merger.Merge(ready);
                }
                catch (Exception ex)
                {
                    lock (_gate)
                    {
                        _merging = false;
                    }

                    Fail(ex);
                    return false;
                }
                finally
                {
                    ready.Release();
                }

                lock (_gate)
                {
                    _merged++;
                    Monitor.PulseAll(_gate);
                }
            }
        }

        public void Fail(Exception ex)
        {
            lock (_gate)
            {
                _failure ??= ex;
                Monitor.PulseAll(_gate);
            }
        }

        // Called under the reader's lock: the reader is used by one thread at a time, in shard order.
        private LineChunk? ReadNextChunk()
        {
            while (_shardIndex < shards.Count)
            {
                _reader ??= new LineBlockReader(shards[_shardIndex].Open(), owner._options.MaxLineBytes, owner._options.BlockBytes, synchronous: true);
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
