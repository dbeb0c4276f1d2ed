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

    /// <summary>Measures <paramref name="request"/>; <paramref name="sketch"/> supplies the (shared) bucket mapping.</summary>
    public static MeasuredRequest Of(in RequestMetrics request, QuantileSketch sketch)
    {
        bool hasThroughput = request.TryGetThroughput(out double throughput);
        bool hasDecode = request.TryGetDecodeSpeed(out double decode);
        return new MeasuredRequest
        {
            LatencyBucket = request.HasLatency ? sketch.BucketOf(request.TotalLatencyMs) : 0,
            FirstTokenBucket = request.HasFirstTokenLatency ? sketch.BucketOf(request.FirstTokenLatencyMs) : 0,
            HasThroughput = hasThroughput,
            Throughput = throughput,
            HasDecodeSpeed = hasDecode,
            DecodeSpeed = decode,
            DecodeBucket = hasDecode ? sketch.BucketOf(decode) : 0,
        };
    }
}
