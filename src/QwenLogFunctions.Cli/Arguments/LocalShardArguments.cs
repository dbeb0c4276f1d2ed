using System.CommandLine;
using QwenLogFunctions.Core.Rules;
using QwenLogFunctions.Pipeline.Rules;

namespace QwenLogFunctions.Cli.Arguments;

/// <summary>
/// The inputs shared by the offline commands <c>analyze</c> and <c>audit-sample</c>: PATH... (expanded by
/// <see cref="InputPaths"/>) and --rules (read by <see cref="RuleOptionsSource"/>), so both read shards and rules the
/// same way and fail with the same messages.
/// </summary>
internal sealed class LocalShardArguments
{
    public Argument<string[]> Paths { get; } = new("PATH") { Description = "Shard files (.jsonl, .jsonl.gz), folders or glob patterns.", Arity = ArgumentArity.OneOrMore };

    public Option<FileInfo?> RulesFile { get; } = new("--rules") { Description = "JSON file with keyword lists and thresholds (see README)." };

    /// <summary>The files to read and the rules to apply, or a one-line error (bad path first, then a bad rules file).</summary>
    public (LocalShardInput? Input, string? Error) Read(ParseResult parse)
    {
        var (files, pathError) = InputPaths.Expand(parse.GetValue(Paths) ?? []);
        if (pathError is not null)
        {
            return (null, pathError);
        }

        var (rules, rulesError) = RuleOptionsSource.Load(parse.GetValue(RulesFile));
        return rules is null ? (null, rulesError) : (new LocalShardInput(files, rules), null);
    }
}

/// <summary>The expanded shard files of an offline command and the rules it applies to them.</summary>
internal sealed record LocalShardInput(IReadOnlyList<string> Files, RuleOptions Rules);
