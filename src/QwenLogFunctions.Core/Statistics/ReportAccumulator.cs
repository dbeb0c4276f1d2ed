using QwenLogFunctions.Core.Cost;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Core.Statistics;

/// <summary>
/// Everything an <see cref="AnalysisReport"/> is built from: line accounting, rejects, and statistics overall,
/// per UTC hour, per model and per device. Mergeable, so shards or blocks analyzed in parallel combine exactly.
/// </summary>
/// <remarks>
/// For exact percentiles every latency is kept once, in the (hour, model, device) cell of its request; each group's
/// percentiles are computed at <see cref="Build"/> from the union of its cells. Keeping the values per group instead
/// would store each one four times (overall, hour, model, device): 16 bytes per request here, 64 there. The same cells
/// carry requests, tokens and busy seconds for the GPU cost model, exact or not.
/// </remarks>
public sealed class ReportAccumulator
{
    private readonly Dictionary<Cell, CellValues> _cells = [];
    private readonly Route?[] _routes = new Route?[64];
    private readonly bool _exact;
    private readonly bool _stampedAtStart;
    private readonly int _maxRejects;
    private readonly List<LineRejection> _rejects = [];
    private readonly List<LineRejection> _incomplete = [];
    private readonly SortedSet<string> _shards = new(StringComparer.Ordinal);
    private readonly List<DuplicateShard> _duplicateShards = [];

    /// <summary>Threads that select the exact percentiles in <see cref="Build"/>: one unless the caller has cores to spare.</summary>
    public int BuildParallelism { get; init; } = 1;

    /// <summary>Creates an empty accumulator.</summary>
    /// <param name="exactPercentiles">Keep all latencies for exact (article-definition) percentiles.</param>
    /// <param name="maxRejectsListed">How many rejected lines to list in the report (all are counted).</param>
    /// <param name="stampedAtStart">Lines are stamped when the request started (not when the response ended): serving intervals run forward from the timestamp.</param>
    public ReportAccumulator(bool exactPercentiles, int maxRejectsListed = 1000, bool stampedAtStart = false)
    {
        _exact = exactPercentiles;
        _stampedAtStart = stampedAtStart;
        _maxRejects = maxRejectsListed;
        Overall = NewStatistics();
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
        var measured = MeasuredRequest.Of(request, Overall.Latency, Overall.DecodeSpeed.KeepsBuckets);
        Overall.Add(request, measured);
        var route = RouteOf(request.HourStartSeconds, request.Model, request.Device);
        route.Hour.Add(request, measured);
        route.Model.Add(request, measured);
        route.Device.Add(request, measured);
        var cell = route.Cell;
        cell.Requests++;
        cell.Tokens += request.PromptTokens + request.CompletionTokens;
        var (start, end) = request.ServingSeconds(_stampedAtStart);
        cell.Busy.Mark(start, end);
        if (cell.Exact is { } exact)
        {
            if (request.HasLatency)
            {
                exact.Latency.Add(request.TotalLatencyMs);
            }

            if (request.HasFirstTokenLatency)
            {
                exact.FirstToken.Add(request.FirstTokenLatencyMs);
            }

            if (!double.IsNaN(request.QueueTimeMs))
            {
                exact.Queue.Add(request.QueueTimeMs);
            }

            if (measured.HasInterTokenLatency)
            {
                exact.InterToken.Add(measured.InterTokenLatency);
            }
        }
    }

    /// <summary>Counts a rejected line and lists it while under the cap; a shard-level problem is always listed.</summary>
    public void AddRejection(LineRejection rejection)
    {
        ArgumentNullException.ThrowIfNull(rejection);
        RejectedLines++;
        List(rejection);
    }

    private void List(LineRejection rejection)
    {
        if (rejection.ShardProblem)
        {
            _incomplete.Add(rejection);
            _rejects.Add(rejection);
        }
        else if (_rejects.Count - _incomplete.Count < _maxRejects)
        {
            _rejects.Add(rejection);
        }
    }

    /// <summary>
    /// Adds already-aggregated statistics of one (hour, model, device) cell, e.g. read back from storage; its requests
    /// count as accepted lines. Cells without requests are ignored.
    /// </summary>
    public void AddStatistics(long hourStartSeconds, string model, string device, StatisticsAccumulator statistics)
    {
        ArgumentNullException.ThrowIfNull(statistics);
        if (statistics.TotalRequests == 0)
        {
            return;
        }

        if (_exact)
        {
            throw new InvalidOperationException("Exact percentiles need every value; aggregated statistics carry sketches only. Read them into a report of sketched percentiles.");
        }

        AcceptedLines += statistics.TotalRequests;
        Overall.Merge(statistics);
        GetOrAdd(Hourly, hourStartSeconds).Merge(statistics);
        GetOrAdd(ByModel, model).Merge(statistics);
        GetOrAdd(ByDevice, device).Merge(statistics);
        var cell = GetOrAddCell(new Cell(hourStartSeconds, model, device));
        cell.Requests += statistics.TotalRequests;
        cell.Tokens += statistics.PromptTokensSum + statistics.CompletionTokensSum;
        if (statistics.Occupancy is { } occupancy)
        {
            cell.Busy.Merge(occupancy);
        }
    }

    /// <summary>Counts rejected lines known only by number (e.g. from shard ledgers), listing the given ones while under the cap.</summary>
    public void AddRejectedLines(long count, IEnumerable<LineRejection> listed)
    {
        ArgumentNullException.ThrowIfNull(listed);
        RejectedLines += count;
        foreach (var rejection in listed)
        {
            List(rejection);
        }
    }

    /// <summary>
    /// Accepted requests whose table row was not kept at ingestion (row sampling); null when rows are not stored at all
    /// (analyze). They are counted in every statistic.
    /// </summary>
    public long? RowsNotKept { get; private set; }

    /// <summary>Adds to <see cref="RowsNotKept"/> (the pipeline's hour headers).</summary>
    public void AddRowsNotKept(long count) => RowsNotKept = (RowsNotKept ?? 0) + count;

    /// <summary>Counts blank lines.</summary>
    public void AddBlankLines(long count) => BlankLines += count;

    /// <summary>Longest run of consecutive empty responses within one shard seen so far.</summary>
    public int LongestEmptyRun { get; private set; }

    /// <summary>Records a run of consecutive empty responses within one shard; the report keeps the longest.</summary>
    public void AddEmptyRun(int length) => LongestEmptyRun = Math.Max(LongestEmptyRun, length);

    /// <summary>Adds everything of <paramref name="other"/>.</summary>
    public void Merge(ReportAccumulator other)
    {
        ArgumentNullException.ThrowIfNull(other);
        AcceptedLines += other.AcceptedLines;
        RejectedLines += other.RejectedLines;
        BlankLines += other.BlankLines;
        AddEmptyRun(other.LongestEmptyRun);
        foreach (var rejection in other._rejects)
        {
            List(rejection);
        }

        _shards.UnionWith(other._shards);
        Overall.Merge(other.Overall);
        MergeInto(Hourly, other.Hourly);
        MergeInto(ByModel, other.ByModel);
        MergeInto(ByDevice, other.ByDevice);
        foreach (var (key, values) in other._cells)
        {
            var cell = GetOrAddCell(key);
            cell.Requests += values.Requests;
            cell.Tokens += values.Tokens;
            cell.Busy.Merge(values.Busy);
            if (cell.Exact is { } exact && values.Exact is { } source)
            {
                exact.Latency.AddRange(source.Latency);
                exact.FirstToken.AddRange(source.FirstToken);
                exact.Queue.AddRange(source.Queue);
                exact.InterToken.AddRange(source.InterToken);
            }
        }
    }

    /// <summary>Records a shard left out as a copy of another (the report lists it under duplicate_shards).</summary>
    public void AddDuplicateShard(DuplicateShard duplicate) => _duplicateShards.Add(duplicate);

    /// <summary>Builds the report.</summary>
    /// <param name="range">The requested range, if any; otherwise the hours observed.</param>
    /// <param name="cost">GPU prices and currency; without, GPU-hours, busy time and utilization only.</param>
    /// <param name="paidRange">
    /// The hours GPUs are paid for (always-on pays every hour of it), when it differs from <paramref name="range"/>:
    /// a stored report's requested hours, while its range is the hours seen; defaults to <paramref name="range"/>.
    /// </param>
    public AnalysisReport Build(ReportRange? range = null, GpuCostOptions? cost = null, ReportRange? paidRange = null)
    {
        var gpu = GpuCostModel.Compute(
            _cells.Select(c => new GpuCell(c.Key.Hour, c.Key.Model, c.Key.Device, c.Value.Requests, c.Value.Tokens, c.Value.Busy)),
            cost ?? GpuCostOptions.None,
            paidRange ?? range);
        var hours = Hourly.OrderBy(pair => pair.Key).ToList();
        range ??= hours.Count == 0
            ? null
            : new ReportRange(DateTimeOffset.FromUnixTimeSeconds(hours[0].Key), DateTimeOffset.FromUnixTimeSeconds(hours[^1].Key + 3600));

        var rejects = _rejects
            .OrderBy(r => r.Shard, StringComparer.Ordinal)
            .ThenBy(r => r.Line)
            .ToList();

        var summary = Overall.ToSummary();
        var hourly = hours.Select(pair => pair.Value.ToHourly(DateTimeOffset.FromUnixTimeSeconds(pair.Key))).ToList();
        var byModel = Groups(ByModel);
        var byDevice = Groups(ByDevice);
        summary.Cost = gpu.Summary(Overall.TotalRequests, Tokens(Overall));
        foreach (var hour in hourly)
        {
            hour.Cost = gpu.Hour(hour.Hour.ToUnixTimeSeconds(), hour.TotalRequests, Tokens(Hourly[hour.Hour.ToUnixTimeSeconds()]));
        }

        foreach (var model in byModel)
        {
            model.Cost = gpu.Model(model.Name, model.TotalRequests, Tokens(ByModel[model.Name]));
        }

        foreach (var device in byDevice)
        {
            device.Cost = gpu.Device(device.Name, device.TotalRequests, Tokens(ByDevice[device.Name]));
        }

        if (_exact)
        {
            ApplyExact(summary, hourly, byModel, byDevice);
        }

        return new AnalysisReport
        {
            PercentileMethod = _exact ? "exact" : "sketch",
            Range = range,
            Shards = [.. _shards],
            DuplicateShards = [.. _duplicateShards],
            Lines = new LineCounts(AcceptedLines + RejectedLines + BlankLines, AcceptedLines, RejectedLines, BlankLines)
            {
                Spans = Overall.DialectCount(LogDialect.Otlp),
            },
            Dialects = Overall.DialectCounts(),
            RowsNotKept = RowsNotKept,
            Rejects = rejects,
            RejectsTruncated = RejectedLines > rejects.Count,
            IncompleteShards = [.. _incomplete.OrderBy(r => r.Shard, StringComparer.Ordinal)],
            Summary = summary,
            Flags = Overall.FlagCounts(),
            Hourly = hourly,
            ByModel = byModel,
            ByDevice = byDevice,
            LongestEmptyRun = LongestEmptyRun,
        };
    }

    /// <summary>
    /// Replaces the sketched percentiles of every summary (overall, hours, models, devices) with exact ones. Each
    /// (summary, measure) pair is one selection over its cells' values, independent of the others, so they
    /// run on up to <see cref="BuildParallelism"/> threads, largest first: on a million requests this is the one
    /// part of an analysis that runs after the parallel part is over. Summaries over the same cells (the only model
    /// and all requests, the only device) share one selection.
    /// </summary>
    private void ApplyExact(SummaryStatistics summary, List<HourlyStatistics> hourly, List<GroupStatistics> byModel, List<GroupStatistics> byDevice)
    {
        var cells = _cells.ToList();
        var targets = new List<(SummaryStatistics Target, ExactCellValues[] Cells)> { (summary, [.. cells.Select(c => c.Value.Exact!)]) };
        foreach (var hour in hourly)
        {
            long start = hour.Hour.ToUnixTimeSeconds();
            targets.Add((hour, [.. cells.Where(c => c.Key.Hour == start).Select(c => c.Value.Exact!)]));
        }

        foreach (var model in byModel)
        {
            targets.Add((model, [.. cells.Where(c => string.Equals(c.Key.Model, model.Name, StringComparison.Ordinal)).Select(c => c.Value.Exact!)]));
        }

        foreach (var device in byDevice)
        {
            targets.Add((device, [.. cells.Where(c => string.Equals(c.Key.Device, device.Name, StringComparison.Ordinal)).Select(c => c.Value.Exact!)]));
        }

        // Targets list their cells in the one order of `cells`, so the same set of cells is the same sequence.
        var groups = targets
            .GroupBy(t => t.Cells, SameCells.Instance)
            .Select(group => (Targets: group.Select(t => t.Target).ToArray(), Cells: group.Key))
            .ToArray();
        var jobs = groups
            .SelectMany(g => Enum.GetValues<ExactMeasure>().Select(measure => (g.Targets, Values: g.Cells.Select(c => c.Of(measure)).ToArray(), Measure: measure)))
            .OrderByDescending(job => job.Values.Sum(v => (long)v.Count))
            .ToArray();
        // Dedicated threads, the calling one among them, take the next job in turn (largest first). Parallel.ForEach ran
        // every job on the calling thread in the native CLI: its second worker comes from the thread pool, which had
        // no thread yet when the short build was over.
        int next = -1;
        Exception? failure = null;
        void Work()
        {
            try
            {
                int index;
                while ((index = Interlocked.Increment(ref next)) < jobs.Length && Volatile.Read(ref failure) is null)
                {
                    // Each job writes one property of its summaries: no two jobs touch the same one.
                    var job = jobs[index];
                    var p = ExactValues.PercentilesOf(job.Values, 0.50, 0.95, 0.99);
                    foreach (var target in job.Targets)
                    {
                        SetPercentiles(target, job.Measure, p);
                    }
                }
            }
            catch (Exception ex)
            {
                Interlocked.CompareExchange(ref failure, ex, null); // rethrown on the calling thread below
            }
        }

        var helpers = new Thread[Math.Clamp(BuildParallelism, 1, Math.Max(1, jobs.Length)) - 1];
        for (int i = 0; i < helpers.Length; i++)
        {
            helpers[i] = new Thread(Work) { IsBackground = true, Name = $"qwenlog-build-{i + 1}" };
            helpers[i].Start();
        }

        Work();
        foreach (var helper in helpers)
        {
            helper.Join();
        }

        if (failure is not null)
        {
            System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(failure);
        }
    }

    private static void SetPercentiles(SummaryStatistics target, ExactMeasure measure, double?[] p)
    {
        switch (measure)
        {
            case ExactMeasure.Latency:
                target.LatencyMs = target.LatencyMs with { P50 = p[0], P95 = p[1], P99 = p[2] };
                break;
            case ExactMeasure.FirstToken:
                target.FirstTokenLatencyMs = target.FirstTokenLatencyMs with { P50 = p[0], P95 = p[1], P99 = p[2] };
                break;
            case ExactMeasure.Queue:
                target.QueueTimeMs = target.QueueTimeMs with { P50 = p[0], P95 = p[1], P99 = p[2] };
                break;
            default:
                target.ItlMs = target.ItlMs with { P50 = p[0], P95 = p[1], P99 = p[2] };
                break;
        }
    }

    private static long Tokens(StatisticsAccumulator statistics) => statistics.PromptTokensSum + statistics.CompletionTokensSum;

    /// <summary>
    /// The accumulators of a request's hour, model and device and its cell. Most requests go where a recent one went:
    /// a small cache keyed by the hour and the very string objects (each worker reuses one string per model and device
    /// name) saves the four dictionary lookups and the string hashing they need (about 1% of one-thread analyze CPU,
    /// all of it on the merging thread). A miss, or an equal name in another string object, takes the dictionaries,
    /// which decide by value as before.
    /// </summary>
    private Route RouteOf(long hour, string model, string device)
    {
        int slot = (int)((uint)(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(model)
            ^ (System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(device) * 31)
            ^ (int)hour ^ (int)(hour >> 32)) % (uint)_routes.Length);
        var route = _routes[slot];
        if (route is not null && route.HourStart == hour && ReferenceEquals(route.ModelName, model) && ReferenceEquals(route.DeviceName, device))
        {
            return route;
        }

        route = new Route(
            hour,
            model,
            device,
            GetOrAdd(Hourly, hour),
            GetOrAdd(ByModel, model),
            GetOrAdd(ByDevice, device),
            GetOrAddCell(new Cell(hour, model, device)));
        _routes[slot] = route;
        return route;
    }

    private CellValues GetOrAddCell(Cell key)
    {
        if (!_cells.TryGetValue(key, out var values))
        {
            values = new CellValues(_exact);
            _cells[key] = values;
        }

        return values;
    }

    private static List<GroupStatistics> Groups(Dictionary<string, StatisticsAccumulator> groups) =>
        [.. groups
            .OrderByDescending(pair => pair.Value.TotalRequests)
            .ThenBy(pair => pair.Key, StringComparer.Ordinal)
            .Select(pair => pair.Value.ToGroup(pair.Key))];

    // Exact percentiles come from the cells' kept values (ApplyExact), so the sketches keep no buckets then. No report
    // shows a decode-speed percentile, and these accumulators are never stored: their decode-speed sketches keep none.
    private StatisticsAccumulator NewStatistics() => new(sketchPercentiles: !_exact, sketchDecodeSpeed: false);

    private StatisticsAccumulator GetOrAdd<TKey>(Dictionary<TKey, StatisticsAccumulator> map, TKey key)
        where TKey : notnull
    {
        if (!map.TryGetValue(key, out var accumulator))
        {
            accumulator = NewStatistics();
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

    /// <summary>Two summaries' cells are the same when they are the same cells in the same order.</summary>
    private sealed class SameCells : IEqualityComparer<ExactCellValues[]>
    {
        public static SameCells Instance { get; } = new();

        public bool Equals(ExactCellValues[]? x, ExactCellValues[]? y) =>
            x is not null && y is not null && x.AsSpan().SequenceEqual(y, ReferenceEqualityComparer.Instance);

        public int GetHashCode(ExactCellValues[] obj)
        {
            var hash = default(HashCode);
            hash.Add(obj.Length);
            foreach (var cell in obj)
            {
                hash.Add(System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(cell));
            }

            return hash.ToHashCode();
        }
    }

    /// <summary>The (hour, model, device) a request belongs to: the finest grouping the report has.</summary>
    private readonly record struct Cell(long Hour, string Model, string Device);

    /// <summary>Where the requests of one hour, model string and device string go (see <see cref="RouteOf"/>).</summary>
    /// <remarks>Accumulators are only ever added to the dictionaries, never replaced, so a cached one stays theirs.</remarks>
    private sealed record Route(long HourStart, string ModelName, string DeviceName, StatisticsAccumulator Hour, StatisticsAccumulator Model, StatisticsAccumulator Device, CellValues Cell);

    /// <summary>One cell's requests, tokens and busy seconds, and its kept latencies when exact.</summary>
    private sealed class CellValues(bool exact)
    {
        public long Requests { get; set; }

        public long Tokens { get; set; }

        public GpuOccupancy Busy { get; } = new();

        public ExactCellValues? Exact { get; } = exact ? new ExactCellValues() : null;
    }

    /// <summary>The kept values of one cell.</summary>
    private sealed class ExactCellValues
    {
        public ExactValues Latency { get; } = new();

        public ExactValues FirstToken { get; } = new();

        public ExactValues Queue { get; } = new();

        public ExactValues InterToken { get; } = new();

        public ExactValues Of(ExactMeasure measure) => measure switch
        {
            ExactMeasure.Latency => Latency,
            ExactMeasure.FirstToken => FirstToken,
            ExactMeasure.Queue => Queue,
            _ => InterToken,
        };
    }

    /// <summary>The measures whose percentiles are kept exactly.</summary>
    private enum ExactMeasure
    {
        Latency,
        FirstToken,
        Queue,
        InterToken,
    }
}
