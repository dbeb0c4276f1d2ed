using Azure.Data.Tables;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Statistics;
using QwenLogFunctions.Storage.Aggregation;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Queries;

/// <summary>
/// The figures of GET /api/metrics from the hourly table: totals over every aggregated hour, and the last complete
/// hour (the newest hour with requests that ended before now). Label values are bounded: the
/// <see cref="MaxLabelValues"/> models and devices with the most requests keep their names, the rest are "other",
/// so a scrape has at most (5 + 1)² (model, device) pairs × (flags + 3) counter series whatever the logs contain.
/// One scrape reads the whole hourly table (one row per hour and (model, device)) and the shard ledgers.
/// </summary>
public sealed class ServingMetricsService
{
    /// <summary>Models and devices named in labels; the others are summed under <see cref="Other"/>.</summary>
    public const int MaxLabelValues = 5;

    /// <summary>Label value of everything outside the top <see cref="MaxLabelValues"/>.</summary>
    public const string Other = "other";

    private readonly QwenTables _tables;
    private readonly StorageOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    public ServingMetricsService(QwenTables tables, IOptions<StorageOptions> options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tables = tables;
        _options = options.Value;
        _time = time;
    }

    /// <summary>Reads the snapshot.</summary>
    public async Task<ServingMetricsSnapshot> GetSnapshotAsync(CancellationToken cancellationToken)
    {
        await _tables.EnsureFixedTablesAsync(cancellationToken);
        long currentHour = KeyEncoding.TruncateToHour(_time.GetUtcNow()).ToUnixTimeSeconds();
        var totals = new Dictionary<(string Model, string Device), Totals>();
        var cells = new List<(long Hour, string Model, string Device, StatisticsAccumulator Statistics)>();
        long? lastHour = null;
        await foreach (var row in _tables.Hourly.QueryAsync<TableEntity>(TableClient.CreateQueryFilter($"Kind eq {TableSchema.CombinationRow}"), cancellationToken: cancellationToken))
        {
            long hour = KeyEncoding.ParseHourKey(row.RowKey[..KeyEncoding.HourKeyLength]).ToUnixTimeSeconds();
            string model = row.GetString("Model") ?? "unknown", device = row.GetString("Device") ?? "unknown";
            var statistics = HourlyEntities.ReadStatistics(row);
            if (!totals.TryGetValue((model, device), out var total))
            {
                total = new Totals();
                totals[(model, device)] = total;
            }

            total.Add(statistics);
            if (hour < currentHour && statistics.TotalRequests > 0)
            {
                if (lastHour is null || hour > lastHour)
                {
                    lastHour = hour;
                    cells.Clear();
                }

                if (hour == lastHour)
                {
                    cells.Add((hour, model, device, statistics));
                }
            }
        }

        var models = Top(totals.GroupBy(t => t.Key.Model).Select(g => (g.Key, g.Sum(t => t.Value.Requests))));
        var devices = Top(totals.GroupBy(t => t.Key.Device).Select(g => (g.Key, g.Sum(t => t.Value.Requests))));
        var bounded = new Dictionary<(string Model, string Device), Totals>();
        foreach (var ((model, device), total) in totals)
        {
            var key = (Label(models, model), Label(devices, device));
            if (!bounded.TryGetValue(key, out var target))
            {
                target = new Totals();
                bounded[key] = target;
            }

            target.Merge(total);
        }

        var currency = _options.GpuCost().Currency;
        return new ServingMetricsSnapshot(
            [.. bounded.OrderBy(p => p.Key.Model, StringComparer.Ordinal).ThenBy(p => p.Key.Device, StringComparer.Ordinal)
                .Select(p => new ServingTotals(p.Key.Model, p.Key.Device, p.Value.Requests, p.Value.PromptTokens, p.Value.CompletionTokens, p.Value.Flags))],
            await RejectedLinesAsync(cancellationToken),
            lastHour is { } h ? DateTimeOffset.FromUnixTimeSeconds(h) : null,
            ModelFigures(cells, models),
            DeviceFigures(cells, devices, lastHour),
            currency);
    }

    private static List<ModelHourFigures> ModelFigures(List<(long Hour, string Model, string Device, StatisticsAccumulator Statistics)> cells, HashSet<string> models)
    {
        // Sketches of different models merge exactly, so "other" gets true quantiles of its requests.
        var byModel = new SortedDictionary<string, StatisticsAccumulator>(StringComparer.Ordinal);
        foreach (var (_, model, _, statistics) in cells)
        {
            string label = Label(models, model);
            if (!byModel.TryGetValue(label, out var target))
            {
                target = new StatisticsAccumulator();
                byModel[label] = target;
            }

            target.Merge(statistics);
        }

        return [.. byModel.Select(p => new ModelHourFigures(p.Key, p.Value.ToSummary()))];
    }

    private List<DeviceHourFigures> DeviceFigures(List<(long Hour, string Model, string Device, StatisticsAccumulator Statistics)> cells, HashSet<string> devices, long? lastHour)
    {
        if (lastHour is not { } hour)
        {
            return [];
        }

        // Busy time is a union per real device; "other" sums the devices it stands for.
        var accumulator = new ReportAccumulator(exactPercentiles: false);
        foreach (var (cellHour, model, device, statistics) in cells)
        {
            accumulator.AddStatistics(cellHour, model, device, statistics);
        }

        var range = new ReportRange(DateTimeOffset.FromUnixTimeSeconds(hour), DateTimeOffset.FromUnixTimeSeconds(hour + 3600));
        var report = accumulator.Build(range, _options.GpuCost());
        var result = new List<DeviceHourFigures>();
        var others = new List<GroupStatistics>();
        foreach (var device in report.ByDevice)
        {
            if (devices.Contains(device.Name))
            {
                result.Add(new DeviceHourFigures(device.Name, device.Cost));
            }
            else
            {
                others.Add(device);
            }
        }

        if (others.Count > 0)
        {
            double gpuHours = others.Sum(d => d.Cost.GpuHours);
            long busy = others.Sum(d => d.Cost.BusySeconds);
            long requests = others.Sum(d => d.TotalRequests);
            double tokens = others.Sum(d => (d.AvgPromptTokens.GetValueOrDefault() + d.AvgCompletionTokens.GetValueOrDefault()) * d.TotalRequests);
            double? total = others.Any(d => d.Cost.Total is null) ? null : others.Sum(d => d.Cost.Total!.Value);
            var cost = new CostSummary(
                gpuHours, busy, gpuHours > 0 ? busy / (gpuHours * 3600) : null, total,
                total is { } t && requests > 0 ? t / requests : null, total is { } u && tokens > 0 ? u / tokens * 1_000_000 : null, report.Summary.Cost.Currency);
            result.Add(new DeviceHourFigures(Other, cost));
        }

        return [.. result.OrderBy(d => d.Device, StringComparer.Ordinal)];
    }

    private async Task<long> RejectedLinesAsync(CancellationToken cancellationToken)
    {
        long rejected = 0;
        await foreach (var ledger in _tables.Shards.QueryAsync<TableEntity>(select: ["RejectedLines"], cancellationToken: cancellationToken))
        {
            rejected += ledger.GetInt64("RejectedLines") ?? 0;
        }

        return rejected;
    }

    private static HashSet<string> Top(IEnumerable<(string Name, long Requests)> names) =>
        [.. names.OrderByDescending(n => n.Requests).ThenBy(n => n.Name, StringComparer.Ordinal).Take(MaxLabelValues).Select(n => n.Name)];

    private static string Label(HashSet<string> kept, string name) => kept.Contains(name) ? name : Other;

    /// <summary>Counts that add.</summary>
    private sealed class Totals
    {
        public long Requests { get; private set; }

        public long PromptTokens { get; private set; }

        public long CompletionTokens { get; private set; }

        public Dictionary<string, long> Flags { get; } = new(StringComparer.Ordinal);

        public void Add(StatisticsAccumulator statistics)
        {
            Requests += statistics.TotalRequests;
            PromptTokens += statistics.PromptTokensSum;
            CompletionTokens += statistics.CompletionTokensSum;
            foreach (var (flag, count) in statistics.FlagCounts())
            {
                Flags[flag] = Flags.GetValueOrDefault(flag) + count;
            }
        }

        public void Merge(Totals other)
        {
            Requests += other.Requests;
            PromptTokens += other.PromptTokens;
            CompletionTokens += other.CompletionTokens;
            foreach (var (flag, count) in other.Flags)
            {
                Flags[flag] = Flags.GetValueOrDefault(flag) + count;
            }
        }
    }
}
