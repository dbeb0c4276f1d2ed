using System.Text.RegularExpressions;
using Microsoft.Extensions.Options;

namespace QwenLogFunctions.Storage;

/// <summary>Checks <see cref="StorageOptions"/> at start-up, naming the app setting to fix.</summary>
public sealed partial class StorageOptionsValidator : IValidateOptions<StorageOptions>
{
    /// <inheritdoc />
    public ValidateOptionsResult Validate(string? name, StorageOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var failures = new List<string>();
        if (options.TablePrefix is null || !TablePrefixPattern().IsMatch(options.TablePrefix))
        {
            failures.Add($"QwenLogs__TablePrefix must be 1-20 letters or digits starting with a letter (got '{options.TablePrefix}').");
        }

        // Container names: 3-63 lowercase letters, digits and single hyphens (Azure's rule).
        if (options.LogsContainer is null || !ContainerPattern().IsMatch(options.LogsContainer) || options.LogsContainer.Contains("--", StringComparison.Ordinal))
        {
            failures.Add($"QwenLogs__LogsContainer must be a valid blob container name: 3-63 lowercase letters, digits or hyphens (got '{options.LogsContainer}').");
        }

        if (options.RetentionDays < 0)
        {
            failures.Add($"QwenLogs__RetentionDays must be 0 (keep forever) or a positive number of days (got {options.RetentionDays}).");
        }

        if (options.MaxReportRangeDays < 1)
        {
            failures.Add($"QwenLogs__MaxReportRangeDays must be at least 1 (got {options.MaxReportRangeDays}).");
        }

        if (options.MaxBatchesInFlight is < 1 or > 64)
        {
            failures.Add($"QwenLogs__MaxBatchesInFlight must be between 1 and 64 (got {options.MaxBatchesInFlight}).");
        }

        if (options.ReconcileMaxBlobsPerRun is < 1 or > 10_000)
        {
            failures.Add($"QwenLogs__ReconcileMaxBlobsPerRun must be between 1 and 10000 (got {options.ReconcileMaxBlobsPerRun}).");
        }

        if (!Core.Records.LogDialectNames.TryParse(options.Dialect, out _))
        {
            failures.Add($"QwenLogs__Dialect must be one of {Core.Records.LogDialectNames.Choices} (got '{options.Dialect}').");
        }

        if (Core.Cost.GpuCostOptions.ParseSetting(options.GpuPrices, options.Currency, options.GpuAlwaysOn, out string? costError) is null)
        {
            failures.Add($"QwenLogs__GpuPrices / QwenLogs__Currency: {costError}.");
        }

        if (!(options.RowSampleRate > 0 && options.RowSampleRate <= 1))
        {
            failures.Add($"QwenLogs__RowSampleRate must be above 0 and at most 1 (got {options.RowSampleRate}).");
        }

        if (!(options.RowKeepSlowerThanMs >= 0) || !double.IsFinite(options.RowKeepSlowerThanMs))
        {
            failures.Add($"QwenLogs__RowKeepSlowerThanMs must be 0 (off) or a positive number of milliseconds (got {options.RowKeepSlowerThanMs}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    [GeneratedRegex("^[A-Za-z][A-Za-z0-9]{0,19}$")]
    private static partial Regex TablePrefixPattern();

    [GeneratedRegex("^[a-z0-9][a-z0-9-]{1,61}[a-z0-9]$")]
    private static partial Regex ContainerPattern();
}
