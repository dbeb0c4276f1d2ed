using System.Buffers.Binary;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Core.Statistics;

/// <summary>
/// Running figures over a set of requests: counts, sums, flag counts and quantile sketches, optionally with
/// all values for exact percentiles. Partials merge exactly (sums and sketch buckets add), so per-shard,
/// per-hour partials can be combined in any order into the same result.
/// </summary>
public sealed class StatisticsAccumulator
{
    // Version 2 appends requests per dialect and requests without content; version 1 (before dialects) is still read,
    // its requests counted as the article dialect, the only one it could hold. Version 3 adds queue time and
    // inter-token latency sketches (after the decode-speed sketch), then, after the version 2 fields, GPU memory sums
    // and the occupancy map.
    private const byte FormatVersion = 3;

    private readonly long[] _flagCounts = new long[FlagNames.Count];
    private readonly long[] _dialectCounts = new long[LogDialectNames.Count];
    private readonly ExactValues? _exactLatency;
    private readonly ExactValues? _exactFirstToken;

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="keepExactValues">Keep every latency to report exact percentiles (4–8 bytes per request per measure).</param>
    /// <param name="sketchPercentiles">
    /// Count values in the sketches' buckets. False when the owner computes every percentile from values it keeps
    /// itself (an exact report): the sketches then keep count, sum, minimum and maximum only
    /// (<see cref="QuantileSketch.MomentsOnly"/>), the percentiles of <see cref="ToSummary"/> and its kin stay empty
    /// for the owner to fill, and the accumulator cannot be stored.
    /// </param>
    /// <param name="sketchDecodeSpeed">
    /// Count decode speeds in the decode-speed sketch's buckets. No report or alert shows a decode-speed percentile (the
    /// report and the slow-decode alert use the mean), so an accumulator that is only ever reported (analyze's) keeps
    /// its count, sum, minimum and maximum only, saving a logarithm and a bucket update per request; one that is stored
    /// (the pipeline's partials) keeps the buckets its stored form has.
    /// </param>
    public StatisticsAccumulator(bool keepExactValues = false, bool sketchPercentiles = true, bool sketchDecodeSpeed = true)
    {
        if (keepExactValues)
        {
            _exactLatency = new ExactValues();
            _exactFirstToken = new ExactValues();
        }

        if (!sketchPercentiles)
        {
            Latency = QuantileSketch.MomentsOnly();
            FirstTokenLatency = QuantileSketch.MomentsOnly();
            DecodeSpeed = QuantileSketch.MomentsOnly();
            QueueTime = QuantileSketch.MomentsOnly();
            InterTokenLatency = QuantileSketch.MomentsOnly();
        }

        if (!sketchDecodeSpeed)
        {
            DecodeSpeed = QuantileSketch.MomentsOnly();
        }
    }

    /// <summary>Whether percentiles are exact (all values kept) rather than from sketches.</summary>
    public bool IsExact => _exactLatency is not null;

    /// <summary>Accepted requests.</summary>
    public long TotalRequests { get; private set; }

    /// <summary>Requests with a non-empty output.</summary>
    public long SuccessfulRequests { get; private set; }

    /// <summary>Requests at ERROR level.</summary>
    public long ErrorLevelRequests { get; private set; }

    /// <summary>Requests with json_mode on (denominator of the malformed-JSON rate).</summary>
    public long JsonModeRequests { get; private set; }

    /// <summary>Requests that carried no input or output text (OTLP spans without message content): content flags do not apply to them.</summary>
    public long ContentFlagsNotApplicable { get; private set; }

    /// <summary>Sum of prompt tokens.</summary>
    public long PromptTokensSum { get; private set; }

    /// <summary>Sum of completion tokens.</summary>
    public long CompletionTokensSum { get; private set; }

    /// <summary>Count and sum of the article's per-request throughput.</summary>
    public long ThroughputCount { get; private set; }

    /// <summary>Sum of per-request throughput (tokens/s).</summary>
    public double ThroughputSum { get; private set; }

    /// <summary>Count of requests with a decode speed.</summary>
    public long DecodeCount { get; private set; }

    /// <summary>Sum of per-request decode speed (tokens/s).</summary>
    public double DecodeSum { get; private set; }

    /// <summary>Total latency sketch (ms).</summary>
    public QuantileSketch Latency { get; private set; } = new();

    /// <summary>First-token latency sketch (ms).</summary>
    public QuantileSketch FirstTokenLatency { get; private set; } = new();

    /// <summary>Decode speed sketch (tokens/s), for alerting on slow hours.</summary>
    public QuantileSketch DecodeSpeed { get; private set; } = new();

    /// <summary>Queue time sketch (ms): vLLM's queue_time_ms where logged.</summary>
    public QuantileSketch QueueTime { get; private set; } = new();

    /// <summary>Time per output token sketch (ms): see <see cref="RequestMetrics.TryGetInterTokenLatency"/>.</summary>
    public QuantileSketch InterTokenLatency { get; private set; } = new();

    /// <summary>Requests that logged GPU memory.</summary>
    public long GpuMemoryCount { get; private set; }

    /// <summary>Sum of logged GPU memory (MiB).</summary>
    public double GpuMemorySum { get; private set; }

    /// <summary>Largest logged GPU memory (MiB); negative infinity with none.</summary>
    public double GpuMemoryMax { get; private set; } = double.NegativeInfinity;

    /// <summary>
    /// Busy seconds of the requests added through <see cref="MarkServing"/>; only the accumulators of one
    /// (hour, model, device) cell keep one (the pipeline's partials), since a union over devices would mean nothing.
    /// </summary>
    public GpuOccupancy? Occupancy { get; private set; }

    /// <summary>Count of requests carrying <paramref name="flag"/>.</summary>
    public long FlagCount(RequestFlags flag) => _flagCounts[FlagNames.IndexOf(flag)];

    /// <summary>Count of requests read from <paramref name="dialect"/>.</summary>
    public long DialectCount(LogDialect dialect) => _dialectCounts[(int)dialect];

    /// <summary>Requests per dialect name, only dialects that have requests.</summary>
    public IReadOnlyDictionary<string, long> DialectCounts()
    {
        var counts = new SortedDictionary<string, long>(StringComparer.Ordinal);
        for (int i = 0; i < _dialectCounts.Length; i++)
        {
            if (_dialectCounts[i] > 0)
            {
                counts[LogDialectNames.All[i]] = _dialectCounts[i];
            }
        }

        return counts;
    }

    /// <summary>Adds one request.</summary>
    public void Add(in RequestMetrics request) => Add(request, MeasuredRequest.Of(request, Latency, DecodeSpeed.KeepsBuckets));

    /// <summary>Adds one request whose derived measures and sketch buckets were computed once for several accumulators.</summary>
    internal void Add(in RequestMetrics request, in MeasuredRequest measured)
    {
        TotalRequests++;
        if (request.Success)
        {
            SuccessfulRequests++;
        }

        if (request.IsErrorLevel)
        {
            ErrorLevelRequests++;
        }

        if (request.JsonMode)
        {
            JsonModeRequests++;
        }

        if (request.ContentAbsent)
        {
            ContentFlagsNotApplicable++;
        }

        _dialectCounts[(int)request.Dialect]++;
        PromptTokensSum += request.PromptTokens;
        CompletionTokensSum += request.CompletionTokens;

        // A dialect without latency (OpenAI batch output) leaves the request out of latency figures, never as zero.
        if (request.HasLatency)
        {
            Latency.AddAt(request.TotalLatencyMs, measured.LatencyBucket);
            _exactLatency?.Add(request.TotalLatencyMs);
        }

        if (request.HasFirstTokenLatency)
        {
            FirstTokenLatency.AddAt(request.FirstTokenLatencyMs, measured.FirstTokenBucket);
            _exactFirstToken?.Add(request.FirstTokenLatencyMs);
        }

        if (measured.HasThroughput)
        {
            ThroughputCount++;
            ThroughputSum += measured.Throughput;
        }

        if (measured.HasDecodeSpeed)
        {
            DecodeCount++;
            DecodeSum += measured.DecodeSpeed;
            DecodeSpeed.AddAt(measured.DecodeSpeed, measured.DecodeBucket);
        }

        if (!double.IsNaN(request.QueueTimeMs))
        {
            QueueTime.AddAt(request.QueueTimeMs, measured.QueueBucket);
        }

        if (measured.HasInterTokenLatency)
        {
            InterTokenLatency.AddAt(measured.InterTokenLatency, measured.InterTokenBucket);
        }

        if (!double.IsNaN(request.GpuMemoryMb))
        {
            GpuMemoryCount++;
            GpuMemorySum += request.GpuMemoryMb;
            GpuMemoryMax = Math.Max(GpuMemoryMax, request.GpuMemoryMb);
        }

        uint bits = (uint)request.Flags;
        while (bits != 0)
        {
            int index = System.Numerics.BitOperations.TrailingZeroCount(bits);
            if (index < _flagCounts.Length)
            {
                _flagCounts[index]++;
            }

            bits &= bits - 1;
        }
    }

    /// <summary>Marks the serving interval of <paramref name="request"/> busy (see <see cref="RequestMetrics.ServingSeconds"/>).</summary>
    public void MarkServing(in RequestMetrics request, bool stampedAtStart)
    {
        Occupancy ??= new GpuOccupancy();
        var (start, end) = request.ServingSeconds(stampedAtStart);
        Occupancy.Mark(start, end);
    }

    /// <summary>
    /// Adds every request of <paramref name="other"/>. Exact values merge only if both keep them; occupancy merges only
    /// into an accumulator that keeps one (a cell's).
    /// </summary>
    public void Merge(StatisticsAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        TotalRequests += other.TotalRequests;
        SuccessfulRequests += other.SuccessfulRequests;
        ErrorLevelRequests += other.ErrorLevelRequests;
        JsonModeRequests += other.JsonModeRequests;
        ContentFlagsNotApplicable += other.ContentFlagsNotApplicable;
        for (int i = 0; i < _dialectCounts.Length; i++)
        {
            _dialectCounts[i] += other._dialectCounts[i];
        }

        PromptTokensSum += other.PromptTokensSum;
        CompletionTokensSum += other.CompletionTokensSum;
        ThroughputCount += other.ThroughputCount;
        ThroughputSum += other.ThroughputSum;
        DecodeCount += other.DecodeCount;
        DecodeSum += other.DecodeSum;
        Latency.Merge(other.Latency);
        FirstTokenLatency.Merge(other.FirstTokenLatency);
        DecodeSpeed.Merge(other.DecodeSpeed);
        QueueTime.Merge(other.QueueTime);
        InterTokenLatency.Merge(other.InterTokenLatency);
        GpuMemoryCount += other.GpuMemoryCount;
        GpuMemorySum += other.GpuMemorySum;
        GpuMemoryMax = Math.Max(GpuMemoryMax, other.GpuMemoryMax);
        if (Occupancy is not null && other.Occupancy is not null)
        {
            Occupancy.Merge(other.Occupancy);
        }

        for (int i = 0; i < _flagCounts.Length; i++)
        {
            _flagCounts[i] += other._flagCounts[i];
        }

        if (_exactLatency is not null && other._exactLatency is not null)
        {
            _exactLatency.AddRange(other._exactLatency);
            _exactFirstToken!.AddRange(other._exactFirstToken!);
        }
    }

    /// <summary>Count per flag name, every flag present.</summary>
    public IReadOnlyDictionary<string, long> FlagCounts()
    {
        var counts = new Dictionary<string, long>(_flagCounts.Length, StringComparer.Ordinal);
        for (int i = 0; i < _flagCounts.Length; i++)
        {
            counts[FlagNames.AllNames[i]] = _flagCounts[i];
        }

        return counts;
    }

    /// <summary>The figures as reported.</summary>
    public SummaryStatistics ToSummary() => Fill(new SummaryStatistics());

    /// <summary>The figures of one hour.</summary>
    public HourlyStatistics ToHourly(DateTimeOffset hour) => Fill(new HourlyStatistics { Hour = hour, Flags = FlagCounts() });

    /// <summary>The figures of one model or device.</summary>
    public GroupStatistics ToGroup(string name) => Fill(new GroupStatistics { Name = name, Flags = FlagCounts() });

    private T Fill<T>(T target)
        where T : SummaryStatistics
    {
        target.TotalRequests = TotalRequests;
        target.SuccessfulRequests = SuccessfulRequests;
        target.ErrorLevelRequests = ErrorLevelRequests;
        target.JsonModeRequests = JsonModeRequests;
        target.ContentFlagsNotApplicable = ContentFlagsNotApplicable;
        target.SuccessRate = TotalRequests == 0 ? null : (double)SuccessfulRequests / TotalRequests;
        target.AvgPromptTokens = TotalRequests == 0 ? null : (double)PromptTokensSum / TotalRequests;
        target.AvgCompletionTokens = TotalRequests == 0 ? null : (double)CompletionTokensSum / TotalRequests;
        target.LatencyMs = Distribution(Latency, _exactLatency);
        target.FirstTokenLatencyMs = Distribution(FirstTokenLatency, _exactFirstToken);
        target.ThroughputTps = new MeanSummary(ThroughputCount, ThroughputCount == 0 ? null : Finite(ThroughputSum / ThroughputCount));
        target.DecodeTps = new MeanSummary(DecodeCount, DecodeCount == 0 ? null : Finite(DecodeSum / DecodeCount));
        target.QueueTimeMs = Distribution(QueueTime, null);
        target.ItlMs = Distribution(InterTokenLatency, null);
        target.GpuMemoryMb = GpuMemoryCount == 0
            ? new GpuMemorySummary(0, null, null)
            : new GpuMemorySummary(GpuMemoryCount, Finite(GpuMemorySum / GpuMemoryCount), GpuMemoryMax);
        return target;
    }

    private static PercentileSummary Distribution(QuantileSketch sketch, ExactValues? exact)
    {
        if (sketch.Count == 0)
        {
            return PercentileSummary.Empty;
        }

        if (exact is not null)
        {
            var p = exact.Percentiles(0.50, 0.95, 0.99);
            return new PercentileSummary(sketch.Count, Finite(sketch.Sum / sketch.Count), p[0], p[1], p[2], sketch.Max);
        }

        if (!sketch.KeepsBuckets)
        {
            return new PercentileSummary(sketch.Count, Finite(sketch.Sum / sketch.Count), null, null, null, sketch.Max);
        }

        return new PercentileSummary(sketch.Count, Finite(sketch.Sum / sketch.Count), sketch.Quantile(0.50), sketch.Quantile(0.95), sketch.Quantile(0.99), sketch.Max);
    }

    // Sums of finite values can still overflow to infinity in pathological inputs; never report it.
    private static double? Finite(double value) => double.IsFinite(value) ? value : null;

    /// <summary>Serializes counts, sums, flag counts and sketches (not exact values) in a versioned binary form.</summary>
    public byte[] ToBytes()
    {
        byte[] latency = Latency.ToBytes(), firstToken = FirstTokenLatency.ToBytes(), decode = DecodeSpeed.ToBytes();
        byte[] queue = QueueTime.ToBytes(), itl = InterTokenLatency.ToBytes();
        using var stream = new MemoryStream(160 + latency.Length + firstToken.Length + decode.Length + queue.Length + itl.Length + (Occupancy?.ByteCount ?? 0));
        using var writer = new BinaryWriter(stream);
        writer.Write(FormatVersion);
        writer.Write(TotalRequests);
        writer.Write(SuccessfulRequests);
        writer.Write(ErrorLevelRequests);
        writer.Write(JsonModeRequests);
        writer.Write(PromptTokensSum);
        writer.Write(CompletionTokensSum);
        writer.Write(ThroughputCount);
        writer.Write(ThroughputSum);
        writer.Write(DecodeCount);
        writer.Write(DecodeSum);
        WriteCounts(writer, _flagCounts);

        foreach (var bytes in new[] { latency, firstToken, decode, queue, itl })
        {
            writer.Write(bytes.Length);
            writer.Write(bytes);
        }

        writer.Write(ContentFlagsNotApplicable);
        WriteCounts(writer, _dialectCounts);
        writer.Write(GpuMemoryCount);
        writer.Write(GpuMemorySum);
        writer.Write(GpuMemoryMax);
        writer.Write(Occupancy is not null);
        Occupancy?.WriteTo(writer);

        writer.Flush();
        return stream.ToArray();
    }

    /// <summary>Reads an accumulator written by <see cref="ToBytes"/>.</summary>
    /// <exception cref="FormatException">The bytes are not a known version or are truncated.</exception>
    public static StatisticsAccumulator FromBytes(ReadOnlySpan<byte> bytes)
    {
        try
        {
            int position = 0;
            byte version = bytes[position++];
            if (version is not (1 or 2 or FormatVersion))
            {
                throw new FormatException($"Unknown statistics format version {bytes[0]}.");
            }

            var result = new StatisticsAccumulator
            {
                TotalRequests = ReadInt64(bytes, ref position),
                SuccessfulRequests = ReadInt64(bytes, ref position),
                ErrorLevelRequests = ReadInt64(bytes, ref position),
                JsonModeRequests = ReadInt64(bytes, ref position),
                PromptTokensSum = ReadInt64(bytes, ref position),
                CompletionTokensSum = ReadInt64(bytes, ref position),
                ThroughputCount = ReadInt64(bytes, ref position),
                ThroughputSum = BitConverter.Int64BitsToDouble(ReadInt64(bytes, ref position)),
                DecodeCount = ReadInt64(bytes, ref position),
                DecodeSum = BitConverter.Int64BitsToDouble(ReadInt64(bytes, ref position)),
            };
            ReadCounts(bytes, ref position, result._flagCounts);

            result.Latency = ReadSketch(bytes, ref position);
            result.FirstTokenLatency = ReadSketch(bytes, ref position);
            result.DecodeSpeed = ReadSketch(bytes, ref position);
            if (version >= 3)
            {
                result.QueueTime = ReadSketch(bytes, ref position);
                result.InterTokenLatency = ReadSketch(bytes, ref position);
            }

            // Stored partials are per (hour, model, device) cell: they keep occupancy even when written before it existed.
            if (version == 1)
            {
                result._dialectCounts[(int)LogDialect.Article] = result.TotalRequests;
                result.Occupancy ??= new GpuOccupancy();
                return result;
            }

            result.ContentFlagsNotApplicable = ReadInt64(bytes, ref position);
            ReadCounts(bytes, ref position, result._dialectCounts);

            if (version >= 3)
            {
                result.GpuMemoryCount = ReadInt64(bytes, ref position);
                result.GpuMemorySum = BitConverter.Int64BitsToDouble(ReadInt64(bytes, ref position));
                result.GpuMemoryMax = BitConverter.Int64BitsToDouble(ReadInt64(bytes, ref position));
                if (bytes[position++] != 0)
                {
                    result.Occupancy = GpuOccupancy.Read(bytes, ref position);
                }
            }

            result.Occupancy ??= new GpuOccupancy();
            return result;
        }
        catch (Exception ex) when (ex is IndexOutOfRangeException or ArgumentOutOfRangeException)
        {
            throw new FormatException("Statistics bytes are truncated or invalid.", ex);
        }
    }

    private static QuantileSketch ReadSketch(ReadOnlySpan<byte> bytes, ref int position)
    {
        int length = BinaryPrimitives.ReadInt32LittleEndian(bytes[position..]);
        position += 4;
        var sketch = QuantileSketch.FromBytes(bytes.Slice(position, length));
        position += length;
        return sketch;
    }

    // A count per flag or per dialect, by index: the length, then the counts.
    private static void WriteCounts(BinaryWriter writer, long[] counts)
    {
        writer.Write(counts.Length);
        foreach (long count in counts)
        {
            writer.Write(count);
        }
    }

    // Flags or dialects added in later versions are ignored by older readers; those missing from older data stay zero.
    private static void ReadCounts(ReadOnlySpan<byte> bytes, ref int position, long[] counts)
    {
        int stored = BinaryPrimitives.ReadInt32LittleEndian(bytes[position..]);
        position += 4;
        for (int i = 0; i < stored; i++)
        {
            long count = ReadInt64(bytes, ref position);
            if (i < counts.Length)
            {
                counts[i] = count;
            }
        }
    }

    private static long ReadInt64(ReadOnlySpan<byte> bytes, ref int position)
    {
        long value = BinaryPrimitives.ReadInt64LittleEndian(bytes[position..]);
        position += 8;
        return value;
    }
}
