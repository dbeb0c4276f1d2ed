using System.Text;
using Azure;
using Azure.Data.Tables;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.Queries;

/// <summary>
/// Drill-down over stored requests of one hour. With a flag it reads only that hour's index partition for the flag;
/// without, the hour's 16 request partitions. Every value reaches the filter through the SDK's quoting.
/// </summary>
public sealed class RequestQueryService
{
    /// <summary>Largest page size.</summary>
    public const int MaxPageSize = 1000;

    private readonly QwenTables _tables;

    /// <summary>Creates the service.</summary>
    public RequestQueryService(QwenTables tables) => _tables = tables;

    /// <summary>One page of matching requests.</summary>
    /// <exception cref="QueryValidationException">Unknown flag, page size out of range, or a token from another query.</exception>
    public async Task<RequestPage> QueryAsync(RequestQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        if (query.PageSize is < 1 or > MaxPageSize)
        {
            throw new QueryValidationException($"pageSize must be between 1 and {MaxPageSize} (got {query.PageSize}).");
        }

        string hourKey = KeyEncoding.HourKey(query.Hour);
        string filter;
        if (query.Flag is not null)
        {
            if (!FlagNames.TryParse(query.Flag, out _))
            {
                throw new QueryValidationException($"Unknown flag '{query.Flag}'. Valid flags: {string.Join(", ", FlagNames.AllNames)}.");
            }

            filter = TableClient.CreateQueryFilter($"PartitionKey eq {RequestEntities.FlagPartition(hourKey, query.Flag)}");
        }
        else
        {
            filter = TableClient.CreateQueryFilter($"PartitionKey ge {RequestEntities.RequestPartitionStart(hourKey)} and PartitionKey lt {RequestEntities.RequestPartitionEnd(hourKey)}");
        }

        if (query.Model is not null)
        {
            filter += " and " + TableClient.CreateQueryFilter($"Model eq {query.Model}");
        }

        string scope = hourKey + "|" + query.Flag + "|" + (query.Model is null ? "*" : KeyEncoding.Escape(query.Model));
        string? sdkToken = DecodeToken(query.ContinuationToken, scope);
        var table = _tables.Requests(KeyEncoding.MonthOf(hourKey));
        try
        {
            await foreach (var page in table.QueryAsync<TableEntity>(filter, maxPerPage: query.PageSize, cancellationToken: cancellationToken)
                .AsPages(sdkToken, query.PageSize))
            {
                return new RequestPage([.. page.Values.Select(ToSummary)], EncodeToken(scope, page.ContinuationToken));
            }
        }
        catch (RequestFailedException ex) when (ex.Status == 404)
        {
            // No table for that month: nothing was ingested for it, or retention dropped it.
        }

        return new RequestPage([], null);
    }

    private static RequestSummary ToSummary(TableEntity row) => new()
    {
        Shard = row.GetString(TableSchema.Shard) ?? string.Empty,
        Line = row.GetInt64(TableSchema.Line) ?? 0,
        RequestId = row.GetString(TableSchema.RequestId) ?? string.Empty,
        RequestIdLength = row.GetInt32("RequestIdLength") ?? 0,
        Timestamp = row.GetDateTimeOffset(TableSchema.RequestTime) ?? default,
        Level = row.GetString("Level"),
        Model = row.GetString(TableSchema.Model),
        Device = row.GetString(TableSchema.Device),
        PromptTokens = row.GetInt64("PromptTokens") ?? 0,
        CompletionTokens = row.GetInt64("CompletionTokens") ?? 0,
        TotalLatencyMs = row.GetDouble("TotalLatencyMs"),
        FirstTokenLatencyMs = row.GetDouble("FirstTokenLatencyMs"),
        Success = row.GetBoolean("Success") ?? false,
        Flags = (row.GetString(TableSchema.FlagNames) ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
        FlagCategories = (row.GetString("FlagCategories") ?? string.Empty).Split(',', StringSplitOptions.RemoveEmptyEntries),
        FinishReason = row.GetString("FinishReason"),
        InputLength = row.GetInt32("InputLength") ?? 0,
        OutputLength = row.GetInt32("OutputLength") ?? 0,
        InputSha256 = row.GetString("InputSha256"),
        OutputSha256 = row.GetString("OutputSha256"),
        InputPreview = row.GetString(TableSchema.InputPreview),
        OutputPreview = row.GetString(TableSchema.OutputPreview),
    };

    // Our token wraps the SDK's opaque token with the scope of the query it came from (hour, flag, model), in base64url
    // so it travels safely in a URL; a token from another query is refused rather than obeyed.
    internal static string? EncodeToken(string scope, string? sdkToken) =>
        sdkToken is null ? null : Convert.ToBase64String(Encoding.UTF8.GetBytes(scope + "\n" + sdkToken)).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    internal static string? DecodeToken(string? token, string scope)
    {
        if (string.IsNullOrEmpty(token))
        {
            return null;
        }

        string decoded;
        try
        {
            string base64 = token.Replace('-', '+').Replace('_', '/');
            base64 = base64.PadRight(base64.Length + ((4 - (base64.Length % 4)) % 4), '=');
            decoded = Encoding.UTF8.GetString(Convert.FromBase64String(base64));
        }
        catch (FormatException ex)
        {
            throw new QueryValidationException("continuationToken is not a token this API returned; pass the continuation_token of the previous page unchanged.", ex);
        }

        int newline = decoded.IndexOf('\n', StringComparison.Ordinal);
        if (newline < 0 || !string.Equals(decoded[..newline], scope, StringComparison.Ordinal) || newline == decoded.Length - 1)
        {
            throw new QueryValidationException("continuationToken belongs to another query (hour, flag, model); start again without it.");
        }

        return decoded[(newline + 1)..];
    }
}
