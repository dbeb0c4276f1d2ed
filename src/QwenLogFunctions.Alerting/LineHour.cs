namespace QwenLogFunctions.Alerting;

/// <summary>Line counts of one UTC hour from the shard ledgers: the input of the rejected-line rate.</summary>
/// <param name="Hour">Start of the hour (UTC).</param>
/// <param name="TotalLines">Lines read (accepted and rejected).</param>
/// <param name="RejectedLines">Lines the parser refused.</param>
public sealed record LineHour(DateTimeOffset Hour, long TotalLines, long RejectedLines);
