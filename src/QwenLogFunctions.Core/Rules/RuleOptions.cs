namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Keyword lists and thresholds of the compliance rules. Defaults reproduce the article's lists exactly; the
/// additions have sensible defaults. Bound from configuration section "QwenLogs:Rules" in the app.
/// </summary>
/// <remarks>
/// Settable rather than init-only: source-generated JSON (the rules file) sets init-only properties all at once and
/// gives the ones a file omits null, where a set property not in the file keeps its default, as the lists must.
/// </remarks>
public sealed class RuleOptions
{
    /// <summary>The article's sensitive words, matched case-sensitively in the output.</summary>
    public IList<string> SensitiveKeywords { get; set; } = ["密码", "身份证", "银行卡"];

    /// <summary>The article's jailbreak keywords, matched case-sensitively in the output, as written.</summary>
    public IList<string> JailbreakKeywords { get; set; } = ["忽略上述指令", "system prompt", "你是一个程序员"];

    /// <summary>
    /// Extra prompt-injection phrases looked for in the INPUT, case-insensitively, on top of the grammar of
    /// <see cref="PromptInjectionDetector"/> (which needs no list). Empty by default.
    /// </summary>
    public IList<string> PromptInjectionPhrases { get; set; } = [];

    /// <summary>
    /// Extra refusal phrases looked for at the start of the OUTPUT, case-insensitively, on top of the grammar of
    /// <see cref="RefusalDetector"/>. Empty by default.
    /// </summary>
    public IList<string> RefusalPhrases { get; set; } = [];

    /// <summary>Only the first this many characters of an output are searched for refusal phrases (refusals come first).</summary>
    public int RefusalSearchPrefixChars { get; set; } = 400;

    /// <summary>Whether an input seen earlier in the same shard is flagged repeated_input.</summary>
    public bool DetectRepeatedInputs { get; set; } = true;
}
