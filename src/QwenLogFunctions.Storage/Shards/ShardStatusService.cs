using Azure;
using Azure.Data.Tables;
using QwenLogFunctions.Storage.Queries;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Shards;

/// <summary>The ledger and rejected lines of one shard (GET /api/shards/{name}), and the list of all shards (GET /api/shards).</summary>
public sealed class ShardStatusService
{
    /// <summary>Most rejects one call lists.</summary>
    public const int MaxRejectsListed = 1000;

    private readonly QwenTables _tables;

    /// <summary>Creates the service.</summary>
    public ShardStatusService(QwenTables tables) => _tables = tables;

    /// <summary>Largest page GET /api/shards returns.</summary>
    public const int MaxPageSize = 1000;

    /// <summary>
    /// One page of the ledger: every shard the pipeline has seen, with its status, optionally only those with
    /// <paramref name="status"/>. Follow the continuation token until it is null.
    /// </summary>
    /// <param name="pageSize">Shards per page, 1–<see cref="MaxPageSize"/>.</param>
    /// <param name="status">Only shards with this status; null for all.</param>
    /// <param name="continuationToken">The previous page's token, unchanged; null for the first page.</param>
    /// <param name="cancellationToken">Cancels the read.</param>
    public async Task<ShardPage> ListAsync(int pageSize, ShardIngestStatus? status, string? continuationToken, CancellationToken cancellationToken)
    {
        if (pageSize is < 1 or > MaxPageSize)
        {
            throw new QueryValidationException($"pageSize must be between 1 and {MaxPageSize} (got {pageSize}).");
        }

        string scope = "shards|" + (status?.ToString() ?? "*");
        string? sdkToken = RequestQueryService.DecodeToken(continuationToken, scope);
        await _tables.EnsureFixedTablesAsync(cancellationToken);
        string? filter = status is { } wanted ? TableClient.CreateQueryFilter($"Status eq {wanted.ToString()}") : null;
        try
        {
            await foreach (var page in _tables.Shards.QueryAsync<TableEntity>(filter, maxPerPage: pageSize, cancellationToken: cancellationToken)
                .AsPages(sdkToken, pageSize))
            {
                var shards = page.Values.Select(ShardLedger.FromEntity).Select(ledger => ledger.ToSummary()).ToList();
                return new ShardPage(shards, RequestQueryService.EncodeToken(scope, page.ContinuationToken));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 400)
        {
            throw new QueryValidationException("continuationToken is not a token this API returned; pass the continuation_token of the previous page unchanged.", ex);
        }

        return new ShardPage([], null);
    }

    /// <summary>The shard's status, or null when the ledger has never seen it.</summary>
    /// <param name="shardName">Blob name as uploaded.</param>
    /// <param name="maxRejects">How many rejected lines to list (at most <see cref="MaxRejectsListed"/>).</param>
    /// <param name="cancellationToken">Cancels the reads.</param>
    public async Task<ShardStatus?> GetAsync(string shardName, int maxRejects, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(shardName);
        maxRejects = Math.Clamp(maxRejects, 0, MaxRejectsListed);
        await _tables.EnsureFixedTablesAsync(cancellationToken);
        var ledger = await ShardLedger.ReadAsync(_tables, KeyEncoding.ShardKey(shardName), cancellationToken);
        if (ledger is null || !string.Equals(ledger.Name, shardName, StringComparison.Ordinal))
        {
            return null;
        }

        var rejects = await ReadRejectsAsync(_tables, ledger, maxRejects, cancellationToken);
        return ledger.ToStatus(rejects, (ledger.Lines?.Rejected ?? 0) > rejects.Count);
    }

    /// <summary>Up to <paramref name="max"/> rejects of a shard, in line order; none when its month's table was dropped.</summary>
    internal static async Task<IReadOnlyList<ShardReject>> ReadRejectsAsync(QwenTables tables, ShardLedger ledger, int max, CancellationToken cancellationToken)
    {
        var rejects = new List<ShardReject>();
        if (ledger.RejectsTable is null || max <= 0)
        {
            return rejects;
        }

        try
        {
            await foreach (var row in tables.Table(ledger.RejectsTable).QueryAsync<TableEntity>(
                TableClient.CreateQueryFilter($"PartitionKey eq {ledger.ShardKey}"), maxPerPage: Math.Min(max, 1000), cancellationToken: cancellationToken))
            {
                rejects.Add(new ShardReject(row.GetInt64(TableSchema.Line) ?? 0, row.GetString("Reason") ?? string.Empty, row.GetString("Snippet") ?? string.Empty));
                if (rejects.Count >= max)
                {
                    break;
                }
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // Retention dropped the month's rejects table.
        }
        catch (RequestFailedException ex) when (ex.Status == 400)
        {
            // The ledger names a table storage refuses (a damaged row): the status is still worth showing, with its error.
        }

        return rejects;
    }
}
