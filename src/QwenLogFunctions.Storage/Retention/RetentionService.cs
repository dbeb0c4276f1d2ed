using Azure.Data.Tables;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Retention;

/// <summary>
/// Drops whole monthly request and rejects tables once every day they can hold is older than RetentionDays:
/// one delete per month, no row-by-row scan. Statistics (partials, hourly) and the ledger are kept.
/// </summary>
public sealed class RetentionService
{
    private readonly QwenTables _tables;
    private readonly StorageOptions _options;
    private readonly ILogger<RetentionService> _logger;
    private readonly TimeProvider _time;

    /// <summary>Creates the service.</summary>
    public RetentionService(QwenTables tables, IOptions<StorageOptions> options, ILogger<RetentionService> logger, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _tables = tables;
        _options = options.Value;
        _logger = logger;
        _time = time ?? TimeProvider.System;
    }

    /// <summary>Drops expired tables and returns their names (none when RetentionDays is 0).</summary>
    public async Task<IReadOnlyList<string>> ApplyAsync(CancellationToken cancellationToken)
    {
        var dropped = new List<string>();
        if (_options.RetentionDays == 0)
        {
            return dropped;
        }

        var cutoff = _time.GetUtcNow().AddDays(-_options.RetentionDays);
        foreach (var prefix in new[] { _tables.RequestsTablePrefix, _tables.RejectsTablePrefix })
        {
            string end = prefix + "~";
            await foreach (var table in _tables.Service.QueryAsync(
                TableServiceClient.CreateQueryFilter($"TableName ge {prefix} and TableName lt {end}"), cancellationToken: cancellationToken))
            {
                string suffix = table.Name[prefix.Length..];
                if (!TableSchema.TryParseMonthKey(suffix, out var month))
                {
                    continue;
                }

                // The month's last instant must be past the cutoff before anything in it may go.
                if (month.AddMonths(1) <= cutoff)
                {
                    await _tables.Service.DeleteTableAsync(table.Name, cancellationToken);
                    _tables.Forget(table.Name);
                    StorageLog.TableDropped(_logger, table.Name);
                    dropped.Add(table.Name);
                }
            }
        }

        return dropped;
    }
}
