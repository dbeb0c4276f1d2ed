using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Statistics;

namespace QwenLogFunctions.Core.Cost;

/// <summary>
/// Turns per-(hour, model, device) request counts, tokens and busy seconds into GPU-hours, utilization and cost
/// (README: "GPU cost and utilization"). A device-hour is paid in full when requests are stamped in it (or, always-on,
/// for every hour of the range); its price is divided over that device-hour's requests in proportion to their tokens
/// (prompt + completion; by request count when they have none). Busy seconds count wherever they fall, also in an
/// hour an interval reaches back into; utilization is measured against the device-hours that were paid or busy.
/// An idle always-on hour belongs to no request and no model: it counts in the summary, its hour and its device only.
/// </summary>
public static class GpuCostModel
{
    private const double SecondsPerHour = GpuOccupancy.SecondsPerHour;

    /// <summary>Computes the figures.</summary>
    /// <param name="cells">Requests, tokens and occupancy per (request hour, model, device).</param>
    /// <param name="options">Prices and currency.</param>
    /// <param name="range">Paid hours are limited to it when given; always-on pays every hour of it (or of the hours observed when null).</param>
    public static GpuCostResult Compute(IEnumerable<GpuCell> cells, GpuCostOptions options, ReportRange? range)
    {
        ArgumentNullException.ThrowIfNull(cells);
        ArgumentNullException.ThrowIfNull(options);
        var cellList = cells.ToList();
        long? from = range?.From.ToUnixTimeSeconds(), to = range?.To.ToUnixTimeSeconds();
        bool InRange(long hour) => (from is null || hour >= from) && (to is null || hour < to);

        // Busy seconds per device (all models) and per (model, device), as unions.
        var byDevice = new Dictionary<string, GpuOccupancy>(StringComparer.Ordinal);
        var byModelDevice = new Dictionary<(string Model, string Device), GpuOccupancy>();
        var deviceHourLoad = new Dictionary<(long Hour, string Device), (long Requests, long Tokens)>();
        foreach (var cell in cellList)
        {
            GetOrAdd(byDevice, cell.Device).Merge(cell.Busy);
            GetOrAdd(byModelDevice, (cell.Model, cell.Device)).Merge(cell.Busy);
            var load = deviceHourLoad.GetValueOrDefault((cell.Hour, cell.Device));
            deviceHourLoad[(cell.Hour, cell.Device)] = (load.Requests + cell.Requests, load.Tokens + cell.Tokens);
        }

        // Paid device-hours: requests stamped in them, or every hour of the range when always-on. Covered: paid or busy.
        var paid = new HashSet<(long Hour, string Device)>();
        var covered = new SortedSet<(long Hour, string Device)>();
        foreach (var (device, occupancy) in byDevice)
        {
            foreach (long hour in occupancy.Hours.Where(InRange))
            {
                covered.Add((hour, device));
            }
        }

        foreach (var (hour, device) in deviceHourLoad.Keys.Where(key => InRange(key.Hour)))
        {
            paid.Add((hour, device));
            covered.Add((hour, device));
        }

        if (options.AlwaysOn && byDevice.Count > 0)
        {
            long first = from ?? cellList.Min(c => c.Hour), end = to ?? (cellList.Max(c => c.Hour) + (long)SecondsPerHour);
            foreach (string device in byDevice.Keys)
            {
                for (long hour = first; hour < end; hour += (long)SecondsPerHour)
                {
                    paid.Add((hour, device));
                    covered.Add((hour, device));
                }
            }
        }

        var summary = new Tally();
        var hours = new Dictionary<long, Tally>();
        var devices = new Dictionary<string, Tally>(StringComparer.Ordinal);
        var models = new Dictionary<string, Tally>(StringComparer.Ordinal);
        foreach (var (hour, device) in covered)
        {
            bool isPaid = paid.Contains((hour, device));
            double? price = options.PriceOf(device);
            int busy = byDevice.TryGetValue(device, out var occupancy) ? occupancy.BusySeconds(hour) : 0;
            foreach (var tally in new[] { summary, GetOrAdd(hours, hour), GetOrAdd(devices, device) })
            {
                tally.AddHour(isPaid ? 1 : 0, busy, price);
            }
        }

        // Models: their share of each paid device-hour they had requests in; busy seconds of their own intervals.
        foreach (var cell in cellList.Where(c => c.Requests > 0 && InRange(c.Hour)))
        {
            var load = deviceHourLoad[(cell.Hour, cell.Device)];
            double share = load.Tokens > 0 ? (double)cell.Tokens / load.Tokens : (double)cell.Requests / load.Requests;
            GetOrAdd(models, cell.Model).AddShare(share, options.PriceOf(cell.Device));
        }

        foreach (var ((model, device), occupancy) in byModelDevice)
        {
            var tally = GetOrAdd(models, model);
            var modelHours = occupancy.Hours.Where(InRange).ToHashSet();
            modelHours.UnionWith(cellList.Where(c => c.Requests > 0 && c.Device == device && c.Model == model && InRange(c.Hour)).Select(c => c.Hour));
            foreach (long hour in modelHours)
            {
                tally.AddBusy(occupancy.BusySeconds(hour));
            }
        }

        return new GpuCostResult(options.Currency, summary, hours, models, devices);
    }

    private static TValue GetOrAdd<TKey, TValue>(Dictionary<TKey, TValue> map, TKey key)
        where TKey : notnull
        where TValue : new()
    {
        if (!map.TryGetValue(key, out var value))
        {
            value = new TValue();
            map[key] = value;
        }

        return value;
    }

    /// <summary>Running GPU figures of one group.</summary>
    internal sealed class Tally
    {
        public double GpuHours { get; private set; }

        /// <summary>Device-hours the busy seconds are measured against (for a model: hours it served in).</summary>
        public long CoveredHours { get; private set; }

        public long BusySeconds { get; private set; }

        public double Cost { get; private set; }

        public bool PriceMissing { get; private set; }

        public void AddHour(double gpuHours, int busySeconds, double? price)
        {
            CoveredHours++;
            BusySeconds += busySeconds;
            if (gpuHours > 0)
            {
                GpuHours += gpuHours;
                AddCost(gpuHours, price);
            }
        }

        public void AddShare(double share, double? price)
        {
            GpuHours += share;
            AddCost(share, price);
        }

        public void AddBusy(int busySeconds)
        {
            CoveredHours++;
            BusySeconds += busySeconds;
        }

        private void AddCost(double gpuHours, double? price)
        {
            if (price is { } value)
            {
                Cost += gpuHours * value;
            }
            else
            {
                PriceMissing = true;
            }
        }

        public CostSummary ToSummary(long requests, long tokens, string? currency)
        {
            double? total = PriceMissing || GpuHours == 0 ? null : Cost;
            return new CostSummary(
                GpuHours,
                BusySeconds,
                CoveredHours == 0 ? null : BusySeconds / (CoveredHours * SecondsPerHour),
                total,
                total is { } t && requests > 0 ? t / requests : null,
                total is { } u && tokens > 0 ? u / tokens * 1_000_000 : null,
                currency);
        }
    }
}

/// <summary>One (request hour, model, device) cell: its requests, their tokens (prompt + completion) and busy seconds.</summary>
public sealed record GpuCell(long Hour, string Model, string Device, long Requests, long Tokens, GpuOccupancy Busy);

/// <summary>The computed figures; <see cref="Summary"/>, <see cref="Hour"/>, <see cref="Model"/> and <see cref="Device"/> turn them into report fields.</summary>
public sealed class GpuCostResult
{
    private readonly string? _currency;
    private readonly GpuCostModel.Tally _summary;
    private readonly Dictionary<long, GpuCostModel.Tally> _hours;
    private readonly Dictionary<string, GpuCostModel.Tally> _models;
    private readonly Dictionary<string, GpuCostModel.Tally> _devices;

    internal GpuCostResult(string? currency, GpuCostModel.Tally summary, Dictionary<long, GpuCostModel.Tally> hours, Dictionary<string, GpuCostModel.Tally> models, Dictionary<string, GpuCostModel.Tally> devices)
    {
        _currency = currency;
        _summary = summary;
        _hours = hours;
        _models = models;
        _devices = devices;
    }

    /// <summary>The summary's figures.</summary>
    public CostSummary Summary(long requests, long tokens) => _summary.ToSummary(requests, tokens, _currency);

    /// <summary>An hour's figures.</summary>
    public CostSummary Hour(long hourStart, long requests, long tokens) => Of(_hours.GetValueOrDefault(hourStart), requests, tokens);

    /// <summary>A model's figures.</summary>
    public CostSummary Model(string model, long requests, long tokens) => Of(_models.GetValueOrDefault(model), requests, tokens);

    /// <summary>A device's figures.</summary>
    public CostSummary Device(string device, long requests, long tokens) => Of(_devices.GetValueOrDefault(device), requests, tokens);

    private CostSummary Of(GpuCostModel.Tally? tally, long requests, long tokens) =>
        tally is null ? CostSummary.Empty with { Currency = _currency } : tally.ToSummary(requests, tokens, _currency);
}
