using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Storage.Shards;

/// <summary>The ledger of one shard and its rejected lines, as GET /api/shards/{name} returns it.</summary>
public sealed class ShardStatus
{
    /// <summary>Shard (blob) name.</summary>
    public required string Name { get; init; }

    /// <summary>Ledger status.</summary>
    public required ShardIngestStatus Status { get; init; }

    /// <summary>Ingestion attempts so far (each trigger run or retry counts).</summary>
    public int Attempts { get; init; }

    /// <summary>Version (ETag or version id) of the blob the last attempt read.</summary>
    public string? BlobVersion { get; init; }

    /// <summary>Base64 MD5 of the blob content, when the store reported one.</summary>
    public string? ContentMd5 { get; init; }

    /// <summary>Lower-case hex SHA-256 of the shard's bytes as stored, once it has been read in full.</summary>
    public string? ContentSha256 { get; init; }

    /// <summary>With status Duplicate: the shard whose identical content is counted instead.</summary>
    public string? DuplicateOf { get; init; }

    /// <summary>Size of the blob in bytes, when known.</summary>
    public long? ContentLength { get; init; }

    /// <summary>Line accounting of the last successful attempt.</summary>
    public LineCounts? Lines { get; init; }

    /// <summary>Accepted requests of the last successful attempt whose row was not kept (row sampling); they count in every statistic.</summary>
    public long RowsNotKept { get; init; }

    /// <summary>Start of the last attempt.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>End of the last attempt (null while processing).</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Error of the last failed attempt, or, when <see cref="Status"/> is Incomplete, the shard's problem.</summary>
    public string? LastError { get; init; }

    /// <summary>UTC hours the shard has requests in.</summary>
    public IReadOnlyList<DateTimeOffset> Hours { get; init; } = [];

    /// <summary>Rejected lines (up to the requested cap), in line order.</summary>
    public IReadOnlyList<ShardReject> Rejects { get; init; } = [];

    /// <summary>True when more lines were rejected than listed.</summary>
    public bool RejectsTruncated { get; init; }
}
