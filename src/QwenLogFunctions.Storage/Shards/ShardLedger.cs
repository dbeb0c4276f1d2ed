using Azure;
using Azure.Data.Tables;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Shards;

/// <summary>
/// The mutable ledger row of one shard (table {prefix}shards, PartitionKey = shard key, RowKey = "ledger").
/// <see cref="ContentVersion"/> names the blob version whose rows may exist in the tables and <see cref="Hours"/>
/// every hour that version may have written to; an hour is recorded before any of its rows is written, so a purge
/// always finds everything, even after a crash halfway through.
/// </summary>
internal sealed class ShardLedger
{
    public const string RowKey = "ledger";

    public required string ShardKey { get; init; }

    public required string Name { get; init; }

    public ShardIngestStatus Status { get; set; } = ShardIngestStatus.Processing;

    public int Attempts { get; set; }

    public string? BlobVersion { get; set; }

    public string? ContentMd5 { get; set; }

    public long? ContentLength { get; set; }

    public string ContentVersion { get; set; } = string.Empty;

    public string? ContentSha256 { get; set; }

    public string? DuplicateOf { get; set; }

    public SortedSet<string> Hours { get; } = new(StringComparer.Ordinal);

    public string? RejectsTable { get; set; }

    public LineCounts? Lines { get; set; }

    /// <summary>Accepted requests whose row was not kept (QwenLogs__RowSampleRate); counted in statistics all the same.</summary>
    public long RowsNotKept { get; set; }

    public DateTimeOffset? StartedAt { get; set; }

    public DateTimeOffset? FinishedAt { get; set; }

    public string? LastError { get; set; }

    /// <summary>With status Purging: when the purge was accepted or last moved on (the timer re-enqueues purges that stopped).</summary>
    public DateTimeOffset? PurgeProgressAt { get; set; }

    /// <summary>ETag of the row as last read or written; null when the row does not exist yet.</summary>
    public ETag? ETag { get; set; }

    public TableEntity ToEntity()
    {
        var entity = new TableEntity(ShardKey, RowKey)
        {
            [TableSchema.ShardName] = Name,
            ["Status"] = Status.ToString(),
            ["Attempts"] = Attempts,
            ["ContentVersion"] = ContentVersion,
        };
        Set(entity, "BlobVersion", BlobVersion);
        Set(entity, "ContentMd5", ContentMd5);
        Set(entity, "RejectsTable", RejectsTable);
        Set(entity, "ContentSha256", ContentSha256);
        Set(entity, "DuplicateOf", DuplicateOf);
        Set(entity, "LastError", LastError is null ? null : RequestEntities.Clip(LastError, 4000));
        if (ContentLength is { } length)
        {
            entity["ContentLength"] = length;
        }

        if (StartedAt is { } started)
        {
            entity["StartedAt"] = started;
        }

        if (FinishedAt is { } finished)
        {
            entity["FinishedAt"] = finished;
        }

        if (PurgeProgressAt is { } progress)
        {
            entity["PurgeProgressAt"] = progress;
        }

        if (Lines is { } lines)
        {
            entity["TotalLines"] = lines.Total;
            entity["AcceptedLines"] = lines.Accepted;
            entity["RejectedLines"] = lines.Rejected;
            entity["BlankLines"] = lines.Blank;
            entity["RowsNotKept"] = RowsNotKept;
        }

        LargeProperty.SetString(entity, "Hours", string.Join(',', Hours));
        return entity;
    }

    public static ShardLedger FromEntity(TableEntity entity)
    {
        var ledger = new ShardLedger
        {
            ShardKey = entity.PartitionKey,
            Name = entity.GetString(TableSchema.ShardName) ?? string.Empty,
            Status = Enum.TryParse<ShardIngestStatus>(entity.GetString("Status"), out var status) ? status : ShardIngestStatus.Failed,
            Attempts = entity.GetInt32("Attempts") ?? 0,
            BlobVersion = entity.GetString("BlobVersion"),
            ContentMd5 = entity.GetString("ContentMd5"),
            ContentLength = entity.GetInt64("ContentLength"),
            ContentVersion = entity.GetString("ContentVersion") ?? string.Empty,
            RejectsTable = entity.GetString("RejectsTable"),
            ContentSha256 = entity.GetString("ContentSha256"),
            DuplicateOf = entity.GetString("DuplicateOf"),
            StartedAt = entity.GetDateTimeOffset("StartedAt"),
            FinishedAt = entity.GetDateTimeOffset("FinishedAt"),
            LastError = entity.GetString("LastError"),
            PurgeProgressAt = entity.GetDateTimeOffset("PurgeProgressAt"),
            ETag = entity.ETag,
            RowsNotKept = entity.GetInt64("RowsNotKept") ?? 0,
        };
        if (entity.GetInt64("TotalLines") is { } total)
        {
            ledger.Lines = new LineCounts(total, entity.GetInt64("AcceptedLines") ?? 0, entity.GetInt64("RejectedLines") ?? 0, entity.GetInt64("BlankLines") ?? 0);
        }

        string hours = LargeProperty.GetString(entity, "Hours") ?? string.Empty;
        foreach (var hour in hours.Split(',', StringSplitOptions.RemoveEmptyEntries))
        {
            ledger.Hours.Add(hour);
        }

        return ledger;
    }

    /// <summary>Reads the ledger of a shard; null when it has none.</summary>
    public static async Task<ShardLedger?> ReadAsync(QwenTables tables, string shardKey, CancellationToken cancellationToken)
    {
        try
        {
            var response = await tables.Shards.GetEntityIfExistsAsync<TableEntity>(shardKey, RowKey, cancellationToken: cancellationToken);
            return response.HasValue ? FromEntity(response.Value!) : null;
        }
        catch (RequestFailedException ex) when (QwenTables.IsTableNotFound(ex))
        {
            // The ledger table was dropped after this process created it: no shard has a ledger any more.
            tables.Forget(tables.Shards.Name);
            await tables.EnsureAsync(tables.Shards, cancellationToken);
            return null;
        }
    }

    /// <summary>
    /// Writes the whole row, only if nobody else wrote it since we read it (ETag), so two attempts on the same shard
    /// notice each other instead of silently interleaving. Throws <see cref="RequestFailedException"/> 409/412 on conflict.
    /// </summary>
    public async Task SaveAsync(QwenTables tables, CancellationToken cancellationToken)
    {
        var entity = ToEntity();
        Response response = ETag is { } etag
            ? await tables.Shards.UpdateEntityAsync(entity, etag, TableUpdateMode.Replace, cancellationToken)
            : await tables.WriteAsync(tables.Shards, ct => tables.Shards.AddEntityAsync(entity, ct), cancellationToken);
        ETag = response.Headers.ETag;
    }

    public ShardSummary ToSummary() => new()
    {
        Name = Name,
        Status = Status,
        Attempts = Attempts,
        BlobVersion = BlobVersion,
        Lines = Lines,
        StartedAt = StartedAt,
        FinishedAt = FinishedAt,
        LastError = LastError,
    };

    public ShardStatus ToStatus(IReadOnlyList<ShardReject> rejects, bool rejectsTruncated) => new()
    {
        Name = Name,
        Status = Status,
        Attempts = Attempts,
        BlobVersion = BlobVersion,
        ContentMd5 = ContentMd5,
        ContentSha256 = ContentSha256,
        DuplicateOf = DuplicateOf,
        ContentLength = ContentLength,
        Lines = Lines,
        RowsNotKept = RowsNotKept,
        StartedAt = StartedAt,
        FinishedAt = FinishedAt,
        LastError = LastError,
        Hours = [.. Hours.Select(KeyEncoding.ParseHourKey)],
        Rejects = rejects,
        RejectsTruncated = rejectsTruncated,
    };

    private static void Set(TableEntity entity, string name, string? value)
    {
        if (value is not null)
        {
            entity[name] = value;
        }
    }
}
