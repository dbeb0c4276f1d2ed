using System.Globalization;
using System.Text;
using Azure;
using Azure.Data.Tables;
using QwenLogFunctions.Alerting;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Alerts;

/// <summary>
/// <see cref="IAlertStore"/> in Azure Table Storage: table <c>{prefix}alerts</c> holds one row per alert series
/// (partition "alert", row key = escaped series key), <c>{prefix}alerthistory</c> one row per event (partition "history",
/// row key = inverted ticks of the event, then of the write, so the newest sorts first). Saves use If-Match on the row's ETag, inserts fail if the row exists.
/// </summary>
public sealed class TableAlertStore : IAlertStore
{
    private const string AlertPartition = "alert";
    private const string HistoryPartition = "history";

    private readonly TableClient _alerts;
    private readonly TableClient _history;
    private readonly Lazy<Task> _created;

    /// <summary>Creates the store over <paramref name="service"/>; tables are created on first use.</summary>
    /// <param name="service">Table service (the app's storage account).</param>
    /// <param name="tablePrefix">Prefix of table names (QwenLogs__TablePrefix, default "qwen"): letters and digits.</param>
    public TableAlertStore(TableServiceClient service, string tablePrefix)
    {
        ArgumentNullException.ThrowIfNull(service);
        ArgumentException.ThrowIfNullOrEmpty(tablePrefix);
        _alerts = service.GetTableClient(tablePrefix + "alerts");
        _history = service.GetTableClient(tablePrefix + "alerthistory");
        _created = new Lazy<Task>(() => Task.WhenAll(
            QwenTables.CreateIfMissingAsync(service, _alerts.Name, CancellationToken.None),
            QwenTables.CreateIfMissingAsync(service, _history.Name, CancellationToken.None)));
    }

    /// <summary>Name of the current-state table.</summary>
    public string AlertsTableName => _alerts.Name;

    /// <summary>Name of the history table.</summary>
    public string HistoryTableName => _history.Name;

    /// <inheritdoc />
    public async Task<IReadOnlyList<AlertRecord>> GetAllAsync(CancellationToken cancellationToken)
    {
        await _created.Value.WaitAsync(cancellationToken);
        var records = new List<AlertRecord>();
        var filter = TableClient.CreateQueryFilter($"PartitionKey eq {AlertPartition}");
        await foreach (var entity in _alerts.QueryAsync<TableEntity>(filter, cancellationToken: cancellationToken))
        {
            records.Add(ToRecord(entity));
        }

        return records;
    }

    /// <inheritdoc />
    public async Task<AlertRecord> SaveAsync(AlertRecord record, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(record);
        await _created.Value.WaitAsync(cancellationToken);
        var entity = ToEntity(record);
        try
        {
            Response response = record.ETag is null
                ? await _alerts.AddEntityAsync(entity, cancellationToken)
                : await _alerts.UpdateEntityAsync(entity, new ETag(record.ETag), TableUpdateMode.Replace, cancellationToken);
            return record with { ETag = response.Headers.ETag?.ToString() };
        }
        catch (RequestFailedException ex) when (ex.Status is 409 or 412 or 404)
        {
            // 409: inserted by someone else; 412: changed since read; 404: deleted since read.
            throw new AlertConcurrencyException($"Alert '{record.Key}' was changed concurrently.", ex);
        }
    }

    /// <inheritdoc />
    public async Task AppendHistoryAsync(AlertHistoryEntry entry, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(entry);
        await _created.Value.WaitAsync(cancellationToken);
        // Events of one evaluation share its time; the wall clock then orders them newest first, the GUID keeps keys unique.
        string rowKey = HistoryRowKey(entry.At) + "-" + HistoryRowKey(DateTimeOffset.UtcNow) + "-" + Guid.NewGuid().ToString("N");
        var entity = new TableEntity(HistoryPartition, rowKey)
        {
            ["Key"] = entry.Key,
            ["RuleId"] = entry.RuleId,
            [TableSchema.Model] = entry.Model,
            ["Subject"] = entry.Subject,
            ["Hour"] = entry.Hour,
            ["Event"] = entry.Event,
            ["At"] = entry.At,
            ["Value"] = entry.Value,
            ["Threshold"] = entry.Threshold,
            ["Unit"] = entry.Unit,
            ["Severity"] = entry.Severity.ToString(),
            ["Message"] = entry.Message,
            ["Channel"] = entry.Channel,
            ["Error"] = entry.Error,
        };
        await _history.AddEntityAsync(entity, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<AlertListing> ListAsync(DateTimeOffset since, int maxHistory, CancellationToken cancellationToken)
    {
        var records = await GetAllAsync(cancellationToken);
        var history = new List<AlertHistoryEntry>();
        if (maxHistory > 0)
        {
            // Row keys start with inverted ticks: everything at or after `since` sorts at or before this bound.
            string bound = HistoryRowKey(since) + "~";
            var filter = TableClient.CreateQueryFilter($"PartitionKey eq {HistoryPartition} and RowKey le {bound}");
            await foreach (var entity in _history.QueryAsync<TableEntity>(filter, maxPerPage: Math.Min(maxHistory, 1000), cancellationToken: cancellationToken))
            {
                history.Add(ToHistory(entity));
                if (history.Count >= maxHistory)
                {
                    break;
                }
            }
        }

        return AlertListing.From(records, since, history);
    }

    /// <summary>Makes a series key a legal row key: '/', '\', '#', '?', '%' and control characters are %-escaped.</summary>
    public static string EscapeKey(string key)
    {
        ArgumentNullException.ThrowIfNull(key);
        var builder = new StringBuilder(key.Length);
        foreach (char c in key)
        {
            if (c is '/' or '\\' or '#' or '?' or '%' || char.IsControl(c))
            {
                builder.Append('%').Append(((int)c).ToString("X2", CultureInfo.InvariantCulture));
            }
            else
            {
                builder.Append(c);
            }
        }

        return builder.ToString();
    }

    private static string HistoryRowKey(DateTimeOffset at) =>
        (DateTimeOffset.MaxValue.UtcTicks - at.UtcTicks).ToString("D19", CultureInfo.InvariantCulture);

    private static TableEntity ToEntity(AlertRecord record) => new(AlertPartition, EscapeKey(record.Key))
    {
        ["Key"] = record.Key,
        ["RuleId"] = record.RuleId,
        [TableSchema.Model] = record.Model,
        ["Subject"] = record.Subject,
        ["Hour"] = record.Hour,
        ["State"] = record.State.ToString(),
        ["Severity"] = record.Severity.ToString(),
        ["Value"] = record.Value,
        ["Threshold"] = record.Threshold,
        ["Unit"] = record.Unit,
        ["Message"] = record.Message,
        ["FiredAt"] = record.FiredAt,
        ["ResolvedAt"] = record.ResolvedAt,
        ["UpdatedAt"] = record.UpdatedAt,
        ["DeliveredChannels"] = string.Join(',', record.DeliveredChannels),
        ["AnnouncedChannels"] = string.Join(',', record.AnnouncedChannels),
        ["LastNotificationError"] = record.LastNotificationError,
        ["FailedNotificationRounds"] = record.FailedNotificationRounds,
        ["ClaimedUntil"] = record.ClaimedUntil,
    };

    private static AlertRecord ToRecord(TableEntity entity) => new()
    {
        Key = entity.GetString("Key"),
        RuleId = entity.GetString("RuleId"),
        Model = entity.GetString(TableSchema.Model),
        Subject = entity.GetString("Subject") ?? string.Empty,
        Hour = entity.GetDateTimeOffset("Hour") ?? default,
        State = Enum.Parse<AlertState>(entity.GetString("State")),
        Severity = Enum.Parse<AlertSeverity>(entity.GetString("Severity")),
        Value = entity.GetDouble("Value") ?? double.NaN,
        Threshold = entity.GetDouble("Threshold") ?? double.NaN,
        Unit = entity.GetString("Unit") ?? string.Empty,
        Message = entity.GetString("Message") ?? string.Empty,
        FiredAt = entity.GetDateTimeOffset("FiredAt") ?? default,
        ResolvedAt = entity.GetDateTimeOffset("ResolvedAt"),
        UpdatedAt = entity.GetDateTimeOffset("UpdatedAt") ?? default,
        DeliveredChannels = Split(entity.GetString("DeliveredChannels")),
        AnnouncedChannels = Split(entity.GetString("AnnouncedChannels")),
        LastNotificationError = entity.GetString("LastNotificationError"),
        FailedNotificationRounds = entity.GetInt32("FailedNotificationRounds") ?? 0,
        ClaimedUntil = entity.GetDateTimeOffset("ClaimedUntil"),
        ETag = entity.ETag.ToString(),
    };

    private static AlertHistoryEntry ToHistory(TableEntity entity) => new(
        entity.GetString("Key"),
        entity.GetString("RuleId"),
        entity.GetString(TableSchema.Model),
        entity.GetString("Subject") ?? string.Empty,
        entity.GetDateTimeOffset("Hour") ?? default,
        entity.GetString("Event"),
        entity.GetDateTimeOffset("At") ?? default,
        entity.GetDouble("Value") ?? double.NaN,
        entity.GetDouble("Threshold") ?? double.NaN,
        entity.GetString("Unit") ?? string.Empty,
        Enum.Parse<AlertSeverity>(entity.GetString("Severity")),
        entity.GetString("Message") ?? string.Empty,
        entity.GetString("Channel"),
        entity.GetString("Error"));

    private static string[] Split(string? joined) =>
        string.IsNullOrEmpty(joined) ? [] : joined.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
