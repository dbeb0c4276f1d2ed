namespace QwenLogFunctions.Storage.Queries;

/// <summary>A page of requests. A page may hold fewer rows than asked (even none) while more follow: keep going until the token is null.</summary>
/// <param name="Requests">The rows of this page.</param>
/// <param name="ContinuationToken">Pass back for the next page; null at the end.</param>
public sealed record RequestPage(IReadOnlyList<RequestSummary> Requests, string? ContinuationToken);
