namespace QwenLogFunctions.Storage.Queries;

/// <summary>A drill-down over the requests of one UTC hour.</summary>
/// <param name="Hour">Any time in the hour (truncated to the hour).</param>
/// <param name="Flag">Only requests carrying this flag (snake_case name), read from the hour's index partition for it.</param>
/// <param name="Model">Only requests of this model.</param>
/// <param name="PageSize">Rows per page, 1 to 1000.</param>
/// <param name="ContinuationToken">The token of the previous page, or null for the first.</param>
public sealed record RequestQuery(DateTimeOffset Hour, string? Flag = null, string? Model = null, int PageSize = 100, string? ContinuationToken = null);
