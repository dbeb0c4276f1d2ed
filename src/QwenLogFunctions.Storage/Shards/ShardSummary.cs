using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Storage.Shards;

/// <summary>One shard in the list of GET /api/shards: its ledger without hours and rejects.</summary>
public sealed class ShardSummary
{
    /// <summary>Blob name as uploaded.</summary>
    public required string Name { get; init; }

    /// <summary>Where ingestion stands.</summary>
    public required ShardIngestStatus Status { get; init; }

    /// <summary>Ingestion attempts so far.</summary>
    public int Attempts { get; init; }

    /// <summary>The blob version (ETag) the ledger last worked on.</summary>
    public string? BlobVersion { get; init; }

    /// <summary>Line counts of the last successful ingestion.</summary>
    public LineCounts? Lines { get; init; }

    /// <summary>When the last attempt started.</summary>
    public DateTimeOffset? StartedAt { get; init; }

    /// <summary>When the last attempt ended.</summary>
    public DateTimeOffset? FinishedAt { get; init; }

    /// <summary>Why the last attempt failed, if it did.</summary>
    public string? LastError { get; init; }
}

/// <summary>A page of shards and the token of the next page (null on the last).</summary>
/// <param name="Shards">The shards of this page.</param>
/// <param name="ContinuationToken">Pass unchanged to get the next page; null when there is none.</param>
public sealed record ShardPage(IReadOnlyList<ShardSummary> Shards, string? ContinuationToken);
