using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>What one line of a shard became.</summary>
/// <param name="LineNumber">1-based line number.</param>
public abstract record ShardEntry(long LineNumber);

/// <summary>An accepted request with everything kept about it.</summary>
public sealed record AcceptedEntry(long LineNumber, RequestRecord Record) : ShardEntry(LineNumber);

/// <summary>A rejected line with its reason and the first characters of the line (redacted).</summary>
public sealed record RejectedEntry(long LineNumber, LineRejection Rejection, string Snippet) : ShardEntry(LineNumber);

/// <summary>A blank or whitespace-only line.</summary>
public sealed record BlankEntry(long LineNumber) : ShardEntry(LineNumber);
