using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Evaluates every per-request rule on the full texts (any length: searches are vectorized multi-string scans,
/// so a keyword at character 300,000 is found). The article's four checks keep its exact semantics: an
/// empty output gets empty_response and none of the other three; keywords are matched case-sensitively as written.
/// Thread-safe: one instance serves all workers.
/// </summary>
public sealed class ComplianceRules
{
    private readonly KeywordMatcher _sensitive;
    private readonly KeywordMatcher _jailbreak;

    // Both lists in one: most outputs hold neither, and one pass says so where two did (0.8% of one-thread analyze
    // CPU); only the few that hold a keyword are searched again for which.
    private readonly KeywordMatcher _sensitiveOrJailbreak;
    private readonly KeywordMatcher _injection;
    private readonly KeywordMatcher _refusal;
    private readonly int _refusalPrefix;

    /// <summary>Compiles the keyword lists of <paramref name="options"/>.</summary>
    public ComplianceRules(RuleOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        Options = options;
        _sensitive = new KeywordMatcher(options.SensitiveKeywords, ignoreCase: false);
        _jailbreak = new KeywordMatcher(options.JailbreakKeywords, ignoreCase: false);
        _sensitiveOrJailbreak = new KeywordMatcher(options.SensitiveKeywords.Concat(options.JailbreakKeywords), ignoreCase: false);
        _injection = new KeywordMatcher(options.PromptInjectionPhrases, ignoreCase: true);
        _refusal = new KeywordMatcher(options.RefusalPhrases, ignoreCase: true);
        _refusalPrefix = Math.Max(0, options.RefusalSearchPrefixChars);
    }

    /// <summary>The options in force.</summary>
    public RuleOptions Options { get; }

    /// <summary>
    /// Flags derived from the output. <paramref name="success"/> is the article's success: non-empty after trimming
    /// whitespace.
    /// </summary>
    public RequestFlags EvaluateOutput(ReadOnlySpan<char> output, bool jsonMode, bool functionCalling, bool finishedByLength, out bool success)
    {
        var flags = finishedByLength ? RequestFlags.TruncatedOutput : RequestFlags.None;
        if (PythonWhitespace.IsBlank(output))
        {
            success = false;
            return flags | RequestFlags.EmptyResponse;
        }

        success = true;
        if (_sensitiveOrJailbreak.ContainsAny(output))
        {
            if (_sensitive.ContainsAny(output))
            {
                flags |= RequestFlags.ContainsSensitive;
            }

            if (_jailbreak.ContainsAny(output))
            {
                flags |= RequestFlags.JailbreakAttempt;
            }
        }

        // On the decoded text itself: unescaping the line's output to UTF-8 again just for this check cost more than the check.
        if (jsonMode && !JsonValidity.IsValid(output))
        {
            flags |= RequestFlags.MalformedJson;
        }

        int found = SensitiveDataScanner.Scan(output);
        if (found != 0)
        {
            flags |= FlagsOf(found);
        }

        if ((functionCalling || ToolCallValidator.MayHoldToolCall(output)) && ToolCallValidator.HasInvalidToolCall(output))
        {
            flags |= RequestFlags.InvalidToolCall;
        }

        var opening = output[..Math.Min(output.Length, _refusalPrefix)];
        if (_refusal.ContainsAny(opening) || RefusalDetector.Detect(opening) is not null)
        {
            flags |= RequestFlags.Refusal;
        }

        return flags;
    }

    /// <summary>Flags derived from the input (prompt): injection attempts and empty or invalid prompts.</summary>
    public RequestFlags EvaluateInput(ReadOnlySpan<char> input)
    {
        // Without a screened character (nearly every input) the searches for U+FFFD and NUL, and the detector's for
        // template tokens and hidden characters, would find nothing: one pass decides for all of them.
        bool screened = InputScreen.ContainsScreened(input);
        if (PythonWhitespace.IsBlank(input) || (screened && (input.Contains('\uFFFD') || input.Contains('\0'))))
        {
            return RequestFlags.InvalidPrompt;
        }

        return _injection.ContainsAny(input) || PromptInjectionDetector.Detect(input, screened) is not null ? RequestFlags.PromptInjection : RequestFlags.None;
    }

    /// <summary>
    /// The categories of the detections behind <paramref name="flags"/> ("prompt_injection/instruction_override",
    /// "refusal/apology", "secret_leak/github_token", …), for drill-downs. Computed on demand: the hot path keeps flags only.
    /// </summary>
    public IReadOnlyList<string> Categorize(ReadOnlySpan<char> input, ReadOnlySpan<char> output, RequestFlags flags)
    {
        var categories = new List<string>();
        if ((flags & RequestFlags.PromptInjection) != 0)
        {
            string? category = PromptInjectionDetector.Detect(input) ?? (_injection.ContainsAny(input) ? CustomPhrase : null);
            if (category is not null)
            {
                categories.Add(FlagNames.NameOf(RequestFlags.PromptInjection) + "/" + category);
            }
        }

        if ((flags & RequestFlags.Refusal) != 0)
        {
            var opening = output[..Math.Min(output.Length, _refusalPrefix)];
            string? category = RefusalDetector.Detect(opening) ?? (_refusal.ContainsAny(opening) ? CustomPhrase : null);
            if (category is not null)
            {
                categories.Add(FlagNames.NameOf(RequestFlags.Refusal) + "/" + category);
            }
        }

        if ((flags & RequestFlags.SecretLeak) != 0)
        {
            // One category per credential kind found ("secret_leak/github_token"), in order of first appearance.
            foreach (string kind in SecretScanner.Find(output).Select(static finding => finding.Kind).Distinct())
            {
                categories.Add(FlagNames.NameOf(RequestFlags.SecretLeak) + "/" + kind);
            }
        }

        return categories;
    }

    /// <summary>Category of a match from the configured extra phrase lists.</summary>
    public const string CustomPhrase = "custom_phrase";

    private static RequestFlags FlagsOf(int kinds)
    {
        var flags = RequestFlags.None;
        if ((kinds & SensitiveDataScanner.KindBit(SensitiveKind.IdNumber)) != 0)
        {
            flags |= RequestFlags.PiiIdNumber;
        }

        if ((kinds & SensitiveDataScanner.KindBit(SensitiveKind.BankCard)) != 0)
        {
            flags |= RequestFlags.PiiBankCard;
        }

        if ((kinds & SensitiveDataScanner.KindBit(SensitiveKind.Phone)) != 0)
        {
            flags |= RequestFlags.PiiPhone;
        }

        if ((kinds & SensitiveDataScanner.KindBit(SensitiveKind.Email)) != 0)
        {
            flags |= RequestFlags.PiiEmail;
        }

        if ((kinds & SensitiveDataScanner.KindBit(SensitiveKind.Secret)) != 0)
        {
            flags |= RequestFlags.SecretLeak;
        }

        return flags;
    }
}
