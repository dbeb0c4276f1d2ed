namespace QwenLogFunctions.Generation;

/// <summary>What the generator put in a line's input.</summary>
public enum InputScenario
{
    /// <summary>A task prompt with its context; practically never repeats by chance.</summary>
    Plain,

    /// <summary>A prompt-injection attempt, Chinese or English ("忽略之前的指令", "ignore previous instructions", ...).</summary>
    PromptInjection,

    /// <summary>Empty, whitespace-only, or made of U+FFFD / NUL characters.</summary>
    EmptyPrompt,

    /// <summary>
    /// An input repeated on purpose: a recent input again (a retry) or a popular short prompt ("你好", "Hello").
    /// The first use of a popular prompt is not yet a repeat, so detected repeats are slightly fewer than these.
    /// </summary>
    Repeated,
}
