namespace QwenLogFunctions.Core.Reports;

/// <summary>A shard left out of a report because its bytes equal those of a shard counted in it.</summary>
/// <param name="Shard">The shard left out.</param>
/// <param name="DuplicateOf">The shard with the same content that is counted.</param>
public sealed record DuplicateShard(string Shard, string DuplicateOf);
