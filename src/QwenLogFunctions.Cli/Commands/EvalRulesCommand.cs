using System.CommandLine;
using System.Globalization;
using System.Text;
using System.Text.Json;
using QwenLogFunctions.Core.Rules;
using QwenLogFunctions.Core.Rules.Evaluation;
using QwenLogFunctions.Pipeline.Rules;

namespace QwenLogFunctions.Cli.Commands;

/// <summary>
/// <c>eval-rules [--corpus DIR] [--format table|json]</c>: precision and recall of the detection rules on a labelled
/// corpus, per flag, language, split and (secrets) kind. The corpus is one JSON Lines file per flag; the
/// repository's is tests/eval-corpus (see its README).
/// </summary>
internal static class EvalRulesCommand
{
    private const string DefaultCorpus = "tests/eval-corpus";
    private static readonly string[] Formats = ["table", "json"];

    public static Command Create()
    {
        var corpus = new Option<DirectoryInfo?>("--corpus", "-c") { Description = $"Corpus folder (default: {DefaultCorpus}, looked for from the current folder upwards)." };
        var format = new Option<string>("--format", "-f") { Description = "Output: table (default) or json.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(Formats);
        var mistakes = new Option<bool>("--mistakes") { Description = "Also list every case the rules get wrong." };
        var rulesFile = new Option<FileInfo?>("--rules") { Description = "JSON file with keyword lists and thresholds (see README)." };
        var command = new Command("eval-rules", "Measure precision and recall of the detection rules on a labelled corpus.")
        {
            corpus, format, mistakes, rulesFile,
        };

        command.SetAction(parse =>
        {
            string? directory = parse.GetValue(corpus)?.FullName ?? FindDefault();
            if (directory is null || !Directory.Exists(directory))
            {
                return CliErrors.Fail(Console.Error, directory is null
                    ? $"no corpus folder given and no {DefaultCorpus} found from {Environment.CurrentDirectory} upwards: pass --corpus DIR"
                    : $"corpus folder {directory} does not exist");
            }

            var (options, rulesError) = RuleOptionsSource.Load(parse.GetValue(rulesFile));
            if (options is null)
            {
                return CliErrors.Fail(Console.Error, rulesError!);
            }

            IReadOnlyList<FlagEvaluation> results;
            try
            {
                var cases = RuleEvaluation.Load(directory);
                if (cases.Count == 0)
                {
                    return CliErrors.Fail(Console.Error, $"no FLAG.jsonl files in {directory} (e.g. prompt_injection.jsonl)");
                }

                results = RuleEvaluation.Evaluate(cases, new ComplianceRules(options));
            }
            catch (Exception ex) when (ex is FormatException or IOException or UnauthorizedAccessException)
            {
                return CliErrors.Fail(Console.Error, ex.Message);
            }

            Console.Out.Write(parse.GetValue(format) == "json"
                ? RuleEvaluation.ToJson(results) + Environment.NewLine
                : Table(results, parse.GetValue(mistakes)));
            return 0;
        });
        return command;
    }

    private static string? FindDefault()
    {
        for (var folder = new DirectoryInfo(Environment.CurrentDirectory); folder is not null; folder = folder.Parent)
        {
            string candidate = Path.Combine(folder.FullName, DefaultCorpus);
            if (Directory.Exists(candidate))
            {
                return candidate;
            }
        }

        return null;
    }

    private static string Table(IReadOnlyList<FlagEvaluation> results, bool withMistakes)
    {
        var text = new StringBuilder();
        text.AppendLine(string.Create(CultureInfo.InvariantCulture, $"{"flag",-18} {"slice",-26} {"pos",5} {"neg",5} {"TP",5} {"FP",5} {"FN",5} {"precision",9} {"recall",7} {"FP rate",7}"));
        foreach (var result in results)
        {
            Row(text, result.Flag, "all", result.Overall);
            foreach (var (language, confusion) in result.ByLanguage)
            {
                Row(text, "", "language=" + language, confusion);
            }

            foreach (var (split, confusion) in result.BySplit)
            {
                Row(text, "", "split=" + split, confusion);
            }

            foreach (var (kind, confusion) in result.ByKind)
            {
                Row(text, "", "kind=" + kind, confusion);
            }

            if (withMistakes)
            {
                foreach (string mistake in result.Mistakes)
                {
                    text.Append("    ").AppendLine(mistake);
                }
            }
        }

        return text.ToString();
    }

    private static void Row(StringBuilder text, string flag, string slice, Confusion c) =>
        text.AppendLine(string.Create(
            CultureInfo.InvariantCulture,
            $"{flag,-18} {slice,-26} {c.TruePositives + c.FalseNegatives,5} {c.FalsePositives + c.TrueNegatives,5} {c.TruePositives,5} {c.FalsePositives,5} {c.FalseNegatives,5} {Ratio(c.Precision),9} {Ratio(c.Recall),7} {Ratio(c.FalsePositiveRate),7}"));

    private static string Ratio(double? value) => value is { } v ? v.ToString("0.000", CultureInfo.InvariantCulture) : "-";
}
