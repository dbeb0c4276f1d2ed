using System.CommandLine;
using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Cli.Arguments;

/// <summary><c>--dialect auto|article|litellm|otlp|openai-batch</c>, shared by analyze and ingest.</summary>
internal static class DialectOption
{
    public static Option<string> Create()
    {
        var option = new Option<string>("--dialect")
        {
            Description = "Input dialect of every shard; auto (default) detects it per shard from its first lines.",
            DefaultValueFactory = _ => LogDialectNames.Auto,
        };
        option.AcceptOnlyFromAmong([LogDialectNames.Auto, .. LogDialectNames.All]);
        return option;
    }

    /// <summary>The dialect to force, or null for detection per shard.</summary>
    public static LogDialect? Value(string? text) => LogDialectNames.TryParse(text, out var dialect) ? dialect : null;
}
