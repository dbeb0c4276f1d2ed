namespace QwenLogFunctions.Core.Rules;

/// <summary>Where a piece of personal data or a secret was found in a text.</summary>
public readonly record struct SensitiveSpan(int Start, int Length, SensitiveKind Kind);
