using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Core.Statistics;

/// <summary>
/// Consecutive empty responses within one shard, in line order: the run standing at each request, with the times
/// of its first and last request, and the longest run seen. A crashed model answers empty again and again, so the
/// alert rule "N empty responses in a row" and <c>analyze</c>'s <c>longest_empty_run</c> both come from here.
/// Feed one shard at a time, in line order; <see cref="Reset"/> between shards.
/// </summary>
public sealed class EmptyRunTracker
{
    /// <summary>Length of the run standing after the last request (0 when that request was not empty).</summary>
    public int Length { get; private set; }

    /// <summary>Unix seconds of the standing run's first request.</summary>
    public long FirstSeconds { get; private set; }

    /// <summary>Unix seconds of the standing run's last request.</summary>
    public long LastSeconds { get; private set; }

    /// <summary>Longest run since the start (or the last <see cref="Reset"/>).</summary>
    public int Longest { get; private set; }

    /// <summary>Adds the shard's next accepted request; returns the length of the run standing after it (0 when it is not empty).</summary>
    public int Add(in RequestMetrics metrics)
    {
        if ((metrics.Flags & RequestFlags.EmptyResponse) == 0)
        {
            Length = 0;
            return 0;
        }

        if (Length == 0)
        {
            FirstSeconds = metrics.TimestampSeconds;
        }

        Length++;
        LastSeconds = metrics.TimestampSeconds;
        Longest = Math.Max(Longest, Length);
        return Length;
    }

    /// <summary>Starts a new shard.</summary>
    public void Reset()
    {
        Length = 0;
        Longest = 0;
    }
}
