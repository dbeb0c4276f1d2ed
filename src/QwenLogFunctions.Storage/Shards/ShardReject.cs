namespace QwenLogFunctions.Storage.Shards;

/// <summary>A rejected line as stored: where, why, and its first characters (redacted by the reader).</summary>
/// <param name="Line">1-based line number.</param>
/// <param name="Reason">What is wrong with the line.</param>
/// <param name="Snippet">The start of the line.</param>
public sealed record ShardReject(long Line, string Reason, string Snippet);
