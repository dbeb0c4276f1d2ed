namespace QwenLogFunctions.Cli.Arguments;

/// <summary>A local shard file and the name it gets as a shard in storage and reports.</summary>
/// <param name="Path">Path as found (relative to the current folder unless given absolute).</param>
/// <param name="ShardName">Name in storage: the file name, or its path relative to the folder argument, '/'-separated.</param>
internal sealed record InputFile(string Path, string ShardName);
