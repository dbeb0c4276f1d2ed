namespace QwenLogFunctions.Generation;

/// <summary>Which word list fills a prompt template's slot.</summary>
internal enum Slot
{
    None,
    Topic,
    Algorithm,
    Problem,
}

/// <summary>A prompt: <see cref="Before"/>, a word from the slot's list, <see cref="After"/>, then context sentences.</summary>
internal sealed class PromptTemplate(string before, Slot slot, string after)
{
    public TextFragment Before { get; } = new(before);

    public Slot Slot { get; } = slot;

    public TextFragment After { get; } = new(after);
}
