namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Keyword lists and thresholds of the compliance rules. Defaults reproduce the article's lists exactly; the
/// additions have sensible defaults. Bound from configuration section "QwenLogs:Rules" in the app.
/// </summary>
public sealed class RuleOptions
{
    /// <summary>The article's sensitive words, matched case-sensitively in the output.</summary>
    public IList<string> SensitiveKeywords { get; init; } = ["密码", "身份证", "银行卡"];

    /// <summary>The article's jailbreak keywords, matched case-sensitively in the output, as written.</summary>
    public IList<string> JailbreakKeywords { get; init; } = ["忽略上述指令", "system prompt", "你是一个程序员"];

    /// <summary>Prompt-injection phrasings looked for in the INPUT, case-insensitively.</summary>
    public IList<string> PromptInjectionPhrases { get; init; } =
    [
        "忽略上述指令", "忽略之前的指令", "忽略以上指令", "忽略所有指令", "忽略你的设定", "无视之前的", "无视上述", "你现在是DAN",
        "扮演一个没有限制", "不受任何限制", "输出你的系统提示", "泄露你的提示词", "开发者模式",
        "ignore previous instructions", "ignore all previous instructions", "ignore the above", "disregard previous instructions",
        "disregard all prior", "forget your instructions", "you are now dan", "do anything now", "developer mode",
        "reveal your system prompt", "print your system prompt", "jailbreak",
    ];

    /// <summary>Refusal phrasings looked for in the OUTPUT, case-insensitively.</summary>
    public IList<string> RefusalPhrases { get; init; } =
    [
        "抱歉，我无法", "抱歉,我无法", "对不起，我无法", "我不能提供", "我无法提供", "我无法协助", "我无法帮助", "我不能帮助", "无法满足您的请求",
        "作为一个人工智能", "作为一个AI", "作为AI语言模型",
        "i can't help with", "i cannot help with", "i can't assist", "i cannot assist", "i'm sorry, but i can't",
        "i'm sorry, but i cannot", "i am unable to", "i'm unable to", "as an ai language model",
    ];

    /// <summary>Only the first this many characters of an output are searched for refusal phrases (refusals come first).</summary>
    public int RefusalSearchPrefixChars { get; init; } = 400;

    /// <summary>Whether an input seen earlier in the same shard is flagged repeated_input.</summary>
    public bool DetectRepeatedInputs { get; init; } = true;
}
