using System.Globalization;
using System.Text;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Core.Rules.Evaluation;

/// <summary>One labelled case of the evaluation corpus (a line of <c>FLAG.jsonl</c>).</summary>
/// <remarks>The optional fields are settable, not init-only: source-generated JSON would give an omitted one null.</remarks>
public sealed class EvaluationCase
{
    /// <summary>The text: an input for prompt_injection, an output for every other flag.</summary>
    public required string Text { get; init; }

    /// <summary>Whether the flag should be raised.</summary>
    public required bool Label { get; init; }

    /// <summary>"en", "zh", … (free text; figures are given per value).</summary>
    public string Language { get; set; } = "und";

    /// <summary>Where the case comes from (repository and file, or "hand-made").</summary>
    public string Source { get; set; } = "";

    /// <summary>"tune" or "holdout" (written before tuning and looked at only as aggregate figures).</summary>
    public string Split { get; set; } = "tune";

    /// <summary>Sub-kind, for secrets the credential kind (positives) or "placeholder" / "false_positive" (negatives).</summary>
    public string? Kind { get; set; }
}

/// <summary>Counts of a confusion matrix with precision and recall.</summary>
public sealed class Confusion
{
    /// <summary>Positives flagged.</summary>
    public int TruePositives { get; set; }

    /// <summary>Negatives flagged.</summary>
    public int FalsePositives { get; set; }

    /// <summary>Positives missed.</summary>
    public int FalseNegatives { get; set; }

    /// <summary>Negatives not flagged.</summary>
    public int TrueNegatives { get; set; }

    /// <summary>TP / (TP + FP); null without any flagged case.</summary>
    public double? Precision => TruePositives + FalsePositives == 0 ? null : (double)TruePositives / (TruePositives + FalsePositives);

    /// <summary>TP / (TP + FN); null without positives.</summary>
    public double? Recall => TruePositives + FalseNegatives == 0 ? null : (double)TruePositives / (TruePositives + FalseNegatives);

    /// <summary>Share of negatives flagged; null without negatives.</summary>
    public double? FalsePositiveRate => FalsePositives + TrueNegatives == 0 ? null : (double)FalsePositives / (FalsePositives + TrueNegatives);

    internal void Add(bool label, bool flagged)
    {
        if (label)
        {
            if (flagged)
            {
                TruePositives++;
            }
            else
            {
                FalseNegatives++;
            }
        }
        else if (flagged)
        {
            FalsePositives++;
        }
        else
        {
            TrueNegatives++;
        }
    }
}

/// <summary>Figures of one flag over its corpus file.</summary>
public sealed class FlagEvaluation
{
    /// <summary>The flag's name (the corpus file's name).</summary>
    public required string Flag { get; init; }

    /// <summary>All cases.</summary>
    public Confusion Overall { get; } = new();

    /// <summary>Per language.</summary>
    public SortedDictionary<string, Confusion> ByLanguage { get; } = new(StringComparer.Ordinal);

    /// <summary>Per split (tune, holdout).</summary>
    public SortedDictionary<string, Confusion> BySplit { get; } = new(StringComparer.Ordinal);

    /// <summary>Per kind (secret kinds; "placeholder" and "false_positive" for negatives).</summary>
    public SortedDictionary<string, Confusion> ByKind { get; } = new(StringComparer.Ordinal);

    /// <summary>Cases whose outcome disagrees with their label (text shortened).</summary>
    public List<string> Mistakes { get; } = [];
}

/// <summary>
/// Measures the rules against a labelled corpus: one JSON Lines file per flag (<c>prompt_injection.jsonl</c>,
/// <c>refusal.jsonl</c>, <c>secret_leak.jsonl</c>, <c>pii_email.jsonl</c>, …), each line an <see cref="EvaluationCase"/>.
/// </summary>
public static class RuleEvaluation
{
    /// <summary>Serializer settings for the figures (snake_case, readable Chinese); their contract is source-generated.</summary>
    public static JsonSerializerOptions ResultJson { get; } = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        WriteIndented = true,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        TypeInfoResolver = EvaluationJsonContext.Default,
    };

    /// <summary>The figures as indented JSON (<see cref="ResultJson"/>).</summary>
    public static string ToJson(IReadOnlyList<FlagEvaluation> results) =>
        JsonSerializer.Serialize(results, (JsonTypeInfo<IReadOnlyList<FlagEvaluation>>)ResultJson.GetTypeInfo(typeof(IReadOnlyList<FlagEvaluation>)));

    /// <summary>Reads every <c>*.jsonl</c> of <paramref name="directory"/> whose name is a flag.</summary>
    /// <exception cref="FormatException">A line is not a valid case; the message names the file and line.</exception>
    public static IReadOnlyDictionary<RequestFlags, IReadOnlyList<EvaluationCase>> Load(string directory)
    {
        var corpus = new SortedDictionary<RequestFlags, IReadOnlyList<EvaluationCase>>();
        foreach (string file in Directory.EnumerateFiles(directory, "*.jsonl").Order(StringComparer.Ordinal))
        {
            if (!FlagNames.TryParse(Path.GetFileNameWithoutExtension(file), out var flag))
            {
                continue;
            }

            var cases = new List<EvaluationCase>();
            int lineNumber = 0;
            foreach (string line in File.ReadLines(file, Encoding.UTF8))
            {
                lineNumber++;
                if (string.IsNullOrWhiteSpace(line))
                {
                    continue;
                }

                try
                {
                    cases.Add(JsonSerializer.Deserialize(line, EvaluationJsonContext.Default.EvaluationCase) ?? throw new JsonException("null"));
                }
                catch (JsonException ex)
                {
                    throw new FormatException(string.Create(CultureInfo.InvariantCulture, $"{file}:{lineNumber}: not an evaluation case ({ex.Message})"), ex);
                }
            }

            corpus[flag] = cases;
        }

        return corpus;
    }

    /// <summary>Runs <paramref name="rules"/> on every case and counts agreements per flag, language, split and kind.</summary>
    public static IReadOnlyList<FlagEvaluation> Evaluate(IReadOnlyDictionary<RequestFlags, IReadOnlyList<EvaluationCase>> corpus, ComplianceRules rules)
    {
        ArgumentNullException.ThrowIfNull(corpus);
        ArgumentNullException.ThrowIfNull(rules);
        var results = new List<FlagEvaluation>();
        foreach (var (flag, cases) in corpus)
        {
            var evaluation = new FlagEvaluation { Flag = FlagNames.NameOf(flag) };
            foreach (var item in cases)
            {
                bool flagged = (Flags(rules, flag, item.Text) & flag) != 0;
                evaluation.Overall.Add(item.Label, flagged);
                Bucket(evaluation.ByLanguage, item.Language).Add(item.Label, flagged);
                Bucket(evaluation.BySplit, item.Split).Add(item.Label, flagged);
                if (item.Kind is not null)
                {
                    Bucket(evaluation.ByKind, item.Kind).Add(item.Label, flagged);
                }

                if (flagged != item.Label)
                {
                    string text = item.Text.Length > 100 ? item.Text[..100] + "…" : item.Text;
                    evaluation.Mistakes.Add((item.Label ? "missed: " : "false positive: ") + text.ReplaceLineEndings(" "));
                }
            }

            results.Add(evaluation);
        }

        return results;
    }

    private static RequestFlags Flags(ComplianceRules rules, RequestFlags flag, string text)
    {
        if (flag is RequestFlags.PromptInjection or RequestFlags.InvalidPrompt)
        {
            return rules.EvaluateInput(text);
        }

        bool jsonMode = flag == RequestFlags.MalformedJson;
        bool functionCalling = flag == RequestFlags.InvalidToolCall;
        return rules.EvaluateOutput(text, jsonMode, functionCalling, finishedByLength: false, out _);
    }

    private static Confusion Bucket(SortedDictionary<string, Confusion> buckets, string key)
    {
        if (!buckets.TryGetValue(key, out var confusion))
        {
            buckets[key] = confusion = new Confusion();
        }

        return confusion;
    }
}

/// <summary>
/// Compile-time serialization metadata of the corpus lines and the figures: the qwenlog CLI is compiled to native code,
/// where reflection-based serialization is not available. Its naming policy is the one the corpus is read with; the
/// figures take the rest of <see cref="RuleEvaluation.ResultJson"/>.
/// </summary>
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower)]
[JsonSerializable(typeof(EvaluationCase))]
[JsonSerializable(typeof(IReadOnlyList<FlagEvaluation>))]
internal sealed partial class EvaluationJsonContext : JsonSerializerContext;
