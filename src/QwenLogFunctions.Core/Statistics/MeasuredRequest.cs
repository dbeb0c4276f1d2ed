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
    /// keeps no buckets (<see cref="QuantileSketch.MomentsOnly"/>) no bucket is computed.
    /// </summary>
    public static MeasuredRequest Of(in RequestMetrics request, QuantileSketch sketch)
    {
        bool hasThroughput = request.TryGetThroughput(out double throughput);
        bool hasDecode = request.TryGetDecodeSpeed(out double decode);
        bool hasItl = request.TryGetInterTokenLatency(out double itl);
        if (!sketch.KeepsBuckets)
        {
            return new MeasuredRequest
            {
                HasThroughput = hasThroughput,
                Throughput = throughput,
                HasDecodeSpeed = hasDecode,
                DecodeSpeed = decode,
                HasInterTokenLatency = hasItl,
                InterTokenLatency = itl,
            };
        }

        return new MeasuredRequest
        {
            LatencyBucket = request.HasLatency ? sketch.BucketOf(request.TotalLatencyMs) : 0,
            FirstTokenBucket = request.HasFirstTokenLatency ? sketch.BucketOf(request.FirstTokenLatencyMs) : 0,
            HasThroughput = hasThroughput,
            Throughput = throughput,
            HasDecodeSpeed = hasDecode,
            DecodeSpeed = decode,
            DecodeBucket = hasDecode ? sketch.BucketOf(decode) : 0,
            QueueBucket = double.IsNaN(request.QueueTimeMs) ? 0 : sketch.BucketOf(request.QueueTimeMs),
            HasInterTokenLatency = hasItl,
            InterTokenLatency = itl,
            InterTokenBucket = hasItl ? sketch.BucketOf(itl) : 0,
        };
    }
}
