using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Storage.Queries;
using QwenLogFunctions.Storage.Shards;

namespace QwenLogFunctions.Functions.Http;

/// <summary>
/// GET /api/shards: every shard with its status, paged. GET /api/shards/{name}: ledger and rejects of one shard.
/// DELETE /api/shards/{name}: accept the purge of the shard's rows, rejects and statistics (done in the background; its
/// hours are re-aggregated on the next run). Blob names may contain '/', hence the catch-all.
/// </summary>
public sealed class ShardsFunction
{
    private readonly ShardStatusService _status;
    private readonly ShardPurgeService _purge;

    /// <summary>Creates the functions.</summary>
    public ShardsFunction(ShardStatusService status, ShardPurgeService purge)
    {
        _status = status;
        _purge = purge;
    }

    /// <summary>
    /// The shard's status; 404 when the ledger never saw it. Without a name (GET /api/shards): every shard with its
    /// status, paged (pageSize 1–1000, default 100; continuationToken; status to list only e.g. failed or processing).
    /// </summary>
    [Function("ShardStatus")]
    public async Task<IActionResult> Get(
        [HttpTrigger(AuthorizationLevel.Function, "get", Route = "shards/{*name}")] HttpRequest request,
        string? name,
        CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(name))
        {
            var page = await _status.ListAsync(
                QueryParameters.Int(request, "pageSize", 100),
                ParseStatus(QueryParameters.Optional(request, "status")),
                QueryParameters.Optional(request, "continuationToken"),
                cancellationToken);
            return ApiResults.Json(page);
        }

        int maxRejects = QueryParameters.Int(request, "maxRejects", 100);
        if (maxRejects is < 0 or > ShardStatusService.MaxRejectsListed)
        {
            throw new QueryValidationException($"maxRejects must be between 0 and {ShardStatusService.MaxRejectsListed} (got {maxRejects}).");
        }

        var status = await _status.GetAsync(name, maxRejects, cancellationToken);
        return status is null ? ApiResults.NotFound($"No shard named '{name}' has been seen.") : ApiResults.Json(status);
    }

    private static ShardIngestStatus? ParseStatus(string? value)
    {
        if (value is null)
        {
            return null;
        }

        // Enum.TryParse also takes numbers ("2"): accept only the names the API writes.
        var match = Enum.GetValues<ShardIngestStatus>().Where(s => string.Equals(s.ToString(), value, StringComparison.OrdinalIgnoreCase)).ToList();
        return match.Count == 1
            ? match[0]
            : throw new QueryValidationException(
                $"status must be one of {string.Join(", ", Enum.GetNames<ShardIngestStatus>().Select(n => n.ToLowerInvariant()))} (got '{value}').");
    }

    /// <summary>
    /// Accepts the purge of the shard: 202 with Location = its status (GET /api/shards/{name}, where the status goes
    /// from purging to purged), the work done in the background by PurgeShard; 202 again while it runs or once it is done;
    /// 404 when the ledger never saw the shard. Answers at once whatever the shard's size.
    /// </summary>
    [Function("ShardPurge")]
    public async Task<IActionResult> Purge(
        [HttpTrigger(AuthorizationLevel.Function, "delete", Route = "shards/{*name}")] HttpRequest request,
        string name,
        CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        if (!await _purge.RequestAsync(name, cancellationToken))
        {
            return ApiResults.NotFound($"No shard named '{name}' has been seen.");
        }

        string location = "/api/shards/" + string.Join('/', name.Split('/').Select(Uri.EscapeDataString));
        request.HttpContext.Response.Headers.Location = location;
        return ApiResults.Json(new PurgeAccepted(name, "purging", location), 202);
    }

    private sealed record PurgeAccepted(string Shard, string Status, string StatusUrl);
}
