using System.Globalization;

namespace QwenLogFunctions.Core.Cost;

/// <summary>
/// What a GPU costs: a price per GPU-hour per device name, a default for other devices, the currency, and whether
/// GPUs are paid for every hour of the range (always-on) or only for hours in which they served.
/// </summary>
public sealed class GpuCostOptions
{
    /// <summary>Price per GPU-hour by device name (ordinal, as logged).</summary>
    public IReadOnlyDictionary<string, double> Prices { get; init; } = new Dictionary<string, double>(StringComparer.Ordinal);

    /// <summary>Price per GPU-hour of devices not in <see cref="Prices"/> ("*=PRICE"); null leaves their cost unknown.</summary>
    public double? DefaultPrice { get; init; }

    /// <summary>Currency code shown next to the figures (e.g. USD, CNY); null when not configured.</summary>
    public string? Currency { get; init; }

    /// <summary>Every device seen is paid for every hour of the range, not only hours in which it served.</summary>
    public bool AlwaysOn { get; init; }

    /// <summary>No prices: GPU-hours, busy time and utilization only.</summary>
    public static GpuCostOptions None { get; } = new();

    /// <summary>The price per GPU-hour of <paramref name="device"/>, or null when neither it nor a default is configured.</summary>
    public double? PriceOf(string device) => Prices.TryGetValue(device, out double price) ? price : DefaultPrice;

    /// <summary>
    /// Parses "DEVICE=PRICE" items ("*=PRICE" for every other device). The last '=' separates, so device names may
    /// contain '='. Prices are invariant-culture numbers, finite and not negative.
    /// </summary>
    /// <returns>The options, or null with <paramref name="error"/> saying what to fix.</returns>
    public static GpuCostOptions? Parse(IEnumerable<string> items, string? currency, bool alwaysOn, out string? error)
    {
        ArgumentNullException.ThrowIfNull(items);
        var prices = new Dictionary<string, double>(StringComparer.Ordinal);
        double? fallback = null;
        foreach (string raw in items)
        {
            string item = raw.Trim();
            if (item.Length == 0)
            {
                continue;
            }

            int split = item.LastIndexOf('=');
            string device = split > 0 ? item[..split].Trim() : string.Empty;
            if (device.Length == 0
                || !double.TryParse(item[(split + 1)..].Trim(), NumberStyles.Float, CultureInfo.InvariantCulture, out double price)
                || !double.IsFinite(price) || price < 0)
            {
                error = $"GPU price '{raw}' is not DEVICE=PRICE with a non-negative number (e.g. A100-80G=2.5 or *=1.2)";
                return null;
            }

            if (device == "*")
            {
                fallback = price;
            }
            else
            {
                prices[device] = price;
            }
        }

        currency = string.IsNullOrWhiteSpace(currency) ? null : currency.Trim();
        if (currency is { Length: > 16 })
        {
            error = $"currency '{currency}' is longer than 16 characters; give a code such as USD or CNY";
            return null;
        }

        error = null;
        return new GpuCostOptions { Prices = prices, DefaultPrice = fallback, Currency = currency, AlwaysOn = alwaysOn };
    }

    /// <summary>Parses the app setting form: items separated by ';' (e.g. "A100=2.5;*=1.2").</summary>
    public static GpuCostOptions? ParseSetting(string? prices, string? currency, bool alwaysOn, out string? error) =>
        Parse((prices ?? string.Empty).Split(';', StringSplitOptions.RemoveEmptyEntries), currency, alwaysOn, out error);
}
