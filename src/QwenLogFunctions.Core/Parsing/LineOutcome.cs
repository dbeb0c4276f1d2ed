namespace QwenLogFunctions.Core.Parsing;

/// <summary>What a line became.</summary>
internal enum LineOutcome
{
    Blank,
    Accepted,
    Rejected,
}
