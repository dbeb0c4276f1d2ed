using System.CommandLine;
using QwenLogFunctions.Core.Cost;

namespace QwenLogFunctions.Cli.Arguments;

/// <summary>The GPU cost options shared by <c>analyze</c> and <c>report</c>: --gpu-price, --currency, --gpu-always-on.</summary>
internal sealed class GpuCostArguments
{
    public Option<string[]> Prices { get; } = new("--gpu-price")
    {
        Description = "Price per GPU-hour of a device: DEVICE=PRICE (repeatable; *=PRICE for every other device). Adds cost figures.",
        AllowMultipleArgumentsPerToken = false,
        Arity = ArgumentArity.ZeroOrMore,
    };

    public Option<string?> Currency { get; } = new("--currency") { Description = "Currency code of the GPU prices (e.g. USD, CNY)." };

    public Option<bool> AlwaysOn { get; } = new("--gpu-always-on") { Description = "GPUs are paid for every hour of the range, not only the hours in which they served." };

    public IEnumerable<Option> All => [Prices, Currency, AlwaysOn];

    /// <summary>The options given, or null when none of them was (so configured defaults apply); error when invalid.</summary>
    public (GpuCostOptions? Options, string? Error) Read(ParseResult parse)
    {
        var prices = parse.GetValue(Prices) ?? [];
        string? currency = parse.GetValue(Currency);
        bool alwaysOn = parse.GetValue(AlwaysOn);
        if (prices.Length == 0 && currency is null && !alwaysOn)
        {
            return (null, null);
        }

        var options = GpuCostOptions.Parse(prices, currency, alwaysOn, out string? error);
        return options is null ? (null, "--gpu-price/--currency: " + error) : (options, null);
    }
}
