using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Core.Parsing;

/// <summary>The shard-level rejections: one per shard at most, after which nothing of the shard is read.</summary>
internal static class ShardProblems
{
    /// <summary>The reader could not go on (see <see cref="LineChunkKind.ReadError"/>).</summary>
    public static LineRejection ReadError(string shard, LineChunk chunk) =>
        new(shard, chunk.FirstLineNumber, chunk.Error!) { ShardProblem = true };

    /// <summary>
    /// The shard's last line has no newline and does not parse: the writer (or the copy) stopped in the middle of it.
    /// A last line without newline that parses is an ordinary last line.
    /// </summary>
    public static LineRejection CutOffLastLine(string shard, long line, string reason) =>
        new(shard, line, $"shard is truncated: its last line has no newline and does not parse ({reason})") { ShardProblem = true };
}
