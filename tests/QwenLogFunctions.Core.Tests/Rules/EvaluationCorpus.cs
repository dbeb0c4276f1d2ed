using QwenLogFunctions.Core.Rules;
using QwenLogFunctions.Core.Rules.Evaluation;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Core.Tests.Rules;

/// <summary>
/// The repository's labelled corpus (tests/eval-corpus) scored with the default rules: what every detector's floor
/// test reads. Scored once per test run, on first use, since the result does not depend on the test asking.
/// </summary>
internal static class EvaluationCorpus
{
    private static readonly Lazy<IReadOnlyList<FlagEvaluation>> Evaluations = new(() => RuleEvaluation.Evaluate(
        RuleEvaluation.Load(RepositoryPaths.Combine("tests", "eval-corpus")), new ComplianceRules(new RuleOptions())));

    /// <summary>The text of every sample of every flag, in the corpus's order: what tests of the patterns run over.</summary>
    public static string[] Texts { get; } =
        [.. RuleEvaluation.Load(RepositoryPaths.Combine("tests", "eval-corpus")).Values.SelectMany(cases => cases).Select(sample => sample.Text)];

    /// <summary>Precision and recall of one flag, overall, by kind and by split.</summary>
    public static FlagEvaluation Of(string flag) => Evaluations.Value.Single(evaluation => evaluation.Flag == flag);
}
