using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Core.Statistics;

/// <summary>
/// A request's derived measures (throughput, decode speed) and the sketch buckets of its values, computed once when
/// the same request feeds several accumulators (overall, its hour, its model, its device).
/// </summary>
internal readonly struct MeasuredRequest
{
    public int LatencyBucket { get; init; }

    public int FirstTokenBucket { get; init; }

    public bool HasThroughput { get; init; }

    public double Throughput { get; init; }

    public bool HasDecodeSpeed { get; init; }

    public double DecodeSpeed { get; init; }

    public int DecodeBucket { get; init; }

    public int QueueBucket { get; init; }

    public bool HasInterTokenLatency { get; init; }

    public double InterTokenLatency { get; init; }

    public int InterTokenBucket { get; init; }

    /// <summary>
    /// Measures <paramref name="request"/>; <paramref name="sketch"/> supplies the (shared) bucket mapping, and when it
    /// keeps no buckets (<see cref="QuantileSketch.MomentsOnly"/>) no bucket is computed. The decode speed's bucket is
    /// computed only when <paramref name="decodeBucket"/> says the decode-speed sketches keep buckets too.
    /// </summary>
    public static MeasuredRequest Of(in RequestMetrics request, QuantileSketch sketch, bool decodeBucket)
    {
        bool hasThroughput = request.TryGetThroughput(out double throughput);
        bool hasDecode = request.TryGetDecodeSpeed(out double decode);
        bool hasItl = request.TryGetInterTokenLatency(out double itl);
        bool buckets = sketch.KeepsBuckets;
        return new MeasuredRequest
        {
            LatencyBucket = buckets && request.HasLatency ? sketch.BucketOf(request.TotalLatencyMs) : 0,
            FirstTokenBucket = buckets && request.HasFirstTokenLatency ? sketch.BucketOf(request.FirstTokenLatencyMs) : 0,
            HasThroughput = hasThroughput,
            Throughput = throughput,
            HasDecodeSpeed = hasDecode,
            DecodeSpeed = decode,
            DecodeBucket = buckets && decodeBucket && hasDecode ? sketch.BucketOf(decode) : 0,
            QueueBucket = buckets && !double.IsNaN(request.QueueTimeMs) ? sketch.BucketOf(request.QueueTimeMs) : 0,
            HasInterTokenLatency = hasItl,
            InterTokenLatency = itl,
            InterTokenBucket = buckets && hasItl ? sketch.BucketOf(itl) : 0,
        };
    }
}
