using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Core.Statistics;

/// <summary>
/// Everything an <see cref="AnalysisReport"/> is built from: line accounting, rejects, and statistics overall,
/// per UTC hour, per model and per device. Mergeable, so shards or blocks analyzed in parallel combine exactly.
/// </summary>
public sealed class ReportAccumulator
{
    private readonly bool _exact;
    private readonly int _maxRejects;
    private readonly List<LineRejection> _rejects = [];
    private readonly SortedSet<string> _shards = new(StringComparer.Ordinal);

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="exactPercentiles">Keep all latencies for exact (article-definition) percentiles.</param>
    /// <param name="maxRejectsListed">How many rejected lines to list in the report (all are counted).</param>
    public ReportAccumulator(bool exactPercentiles, int maxRejectsListed = 1000)
    {
        _exact = exactPercentiles;
        _maxRejects = maxRejectsListed;
        Overall = new StatisticsAccumulator(exactPercentiles);
    }

    /// <summary>Figures over all requests.</summary>
    public StatisticsAccumulator Overall { get; }

    /// <summary>Figures per hour, keyed by the hour's start in epoch seconds.</summary>
    public Dictionary<long, StatisticsAccumulator> Hourly { get; } = [];

    /// <summary>Figures per model.</summary>
    public Dictionary<string, StatisticsAccumulator> ByModel { get; } = new(StringComparer.Ordinal);

    /// <summary>Figures per device.</summary>
    public Dictionary<string, StatisticsAccumulator> ByDevice { get; } = new(StringComparer.Ordinal);

    /// <summary>Non-blank lines that became requests.</summary>
    public long AcceptedLines { get; private set; }

    /// <summary>Non-blank lines that were rejected.</summary>
    public long RejectedLines { get; private set; }

    /// <summary>Blank or whitespace-only lines.</summary>
    public long BlankLines { get; private set; }

    /// <summary>Records that a shard took part.</summary>
    public void AddShard(string shard) => _shards.Add(shard);

    /// <summary>Adds an accepted request.</summary>
    public void AddRequest(in RequestMetrics request)
    {
        AcceptedLines++;

        // All accumulators share one sketch accuracy, so logarithms and derived speeds are computed once.
        var measured = MeasuredRequest.Of(request, Overall.Latency);
        Overall.Add(request, measured);
        GetOrAdd(Hourly, request.HourStartSeconds).Add(request, measured);
        GetOrAdd(ByModel, request.Model).Add(request, measured);
        GetOrAdd(ByDevice, request.Device).Add(request, measured);
    }

    /// <summary>Counts a rejected line and lists it while under the cap.</summary>
    public void AddRejection(LineRejection rejection)
    {
        RejectedLines++;
        if (_rejects.Count < _maxRejects)
        {
            _rejects.Add(rejection);
        }
    }

    /// <summary>Counts blank lines.</summary>
    public void AddBlankLines(long count) => BlankLines += count;

    /// <summary>Adds everything of <paramref name="other"/>.</summary>
    public void Merge(ReportAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        AcceptedLines += other.AcceptedLines;
        RejectedLines += other.RejectedLines;
        BlankLines += other.BlankLines;
        foreach (var rejection in other._rejects)
        {
            if (_rejects.Count < _maxRejects)
            {
                _rejects.Add(rejection);
            }
        }

        _shards.UnionWith(other._shards);
        Overall.Merge(other.Overall);
        MergeInto(Hourly, other.Hourly);
        MergeInto(ByModel, other.ByModel);
        MergeInto(ByDevice, other.ByDevice);
    }

    /// <summary>Builds the report.</summary>
    /// <param name="range">The requested range, if any; otherwise the hours observed.</param>
    public AnalysisReport Build(ReportRange? range = null)
    {
        var hours = Hourly.OrderBy(pair => pair.Key).ToList();
        range ??= hours.Count == 0
            ? null
            : new ReportRange(DateTimeOffset.FromUnixTimeSeconds(hours[0].Key), DateTimeOffset.FromUnixTimeSeconds(hours[^1].Key + 3600));

        var rejects = _rejects
            .OrderBy(r => r.Shard, StringComparer.Ordinal)
            .ThenBy(r => r.Line)
            .ToList();

        return new AnalysisReport
        {
            PercentileMethod = _exact ? "exact" : "sketch",
            Range = range,
            Shards = [.. _shards],
            Lines = new LineCounts(AcceptedLines + RejectedLines + BlankLines, AcceptedLines, RejectedLines, BlankLines),
            Rejects = rejects,
            RejectsTruncated = RejectedLines > rejects.Count,
            Summary = Overall.ToSummary(),
            Flags = Overall.FlagCounts(),
            Hourly = [.. hours.Select(pair => pair.Value.ToHourly(DateTimeOffset.FromUnixTimeSeconds(pair.Key)))],
            ByModel = Groups(ByModel),
            ByDevice = Groups(ByDevice),
        };
    }

    private static List<GroupStatistics> Groups(Dictionary<string, StatisticsAccumulator> groups) =>
        [.. groups
            .OrderByDescending(pair => pair.Value.TotalRequests)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Value.ToGroup(pair.Key))];

    private StatisticsAccumulator GetOrAdd<TKey>(Dictionary<TKey, StatisticsAccumulator> map, TKey key)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var accumulator))
        {
            accumulator = new StatisticsAccumulator(_exact);
            map[key] = accumulator;
        }

        return accumulator;
    }

    private void MergeInto<TKey>(Dictionary<TKey, StatisticsAccumulator> target, Dictionary<TKey, StatisticsAccumulator> source)
        where TKey : notnull
    {
        foreach (var (key, accumulator) in source)
        {
            GetOrAdd(target, key).Merge(accumulator);
        }
    }
}
