namespace QwenLogFunctions.Core.Records;

/// <summary>
/// Compliance and quality flags raised on one request. The first four are the article's
/// <c>check_compliance</c> issues with exactly its semantics; the others are this product's additions.
/// Each flag has a stable snake_case name used in JSON, tables, query parameters and metrics (see <see cref="FlagNames"/>).
/// </summary>
[Flags]
#pragma warning disable CA1711 // "Flags" is the domain word here, not a naming accident.
public enum RequestFlags : uint
#pragma warning restore CA1711
{
    /// <summary>No flag raised.</summary>
    None = 0,

    /// <summary>Output empty or whitespace-only (Python <c>str.strip()</c> semantics). Suppresses the other three article flags.</summary>
    EmptyResponse = 1 << 0,

    /// <summary>Output contains one of the article's sensitive words (密码, 身份证, 银行卡).</summary>
    ContainsSensitive = 1 << 1,

    /// <summary>json_mode is on and the output does not parse as JSON.</summary>
    MalformedJson = 1 << 2,

    /// <summary>Output contains one of the article's jailbreak keywords, matched case-sensitively.</summary>
    JailbreakAttempt = 1 << 3,

    /// <summary>Output contains a Chinese resident ID number whose GB 11643 check digit validates.</summary>
    PiiIdNumber = 1 << 4,

    /// <summary>Output contains a 13–19 digit card number that passes the Luhn check.</summary>
    PiiBankCard = 1 << 5,

    /// <summary>Output contains a mainland China mobile number (1[3-9]x, 11 digits).</summary>
    PiiPhone = 1 << 6,

    /// <summary>Output contains an e-mail address.</summary>
    PiiEmail = 1 << 7,

    /// <summary>Output contains something shaped like a credential: API key or private key block.</summary>
    SecretLeak = 1 << 8,

    /// <summary>Input contains a prompt-injection phrasing (Chinese or English, case-insensitive).</summary>
    PromptInjection = 1 << 9,

    /// <summary>function_calling is on and the output's &lt;tool_call&gt; blocks are missing or invalid.</summary>
    InvalidToolCall = 1 << 10,

    /// <summary>Output is a refusal ("抱歉，我无法…", "I can't help with that", …).</summary>
    Refusal = 1 << 11,

    /// <summary>Input empty, whitespace-only, or carrying replacement or NUL characters.</summary>
    InvalidPrompt = 1 << 12,

    /// <summary>The same input text already appeared earlier in the same shard.</summary>
    RepeatedInput = 1 << 13,

    /// <summary>The server reported <c>finish_reason: length</c>: the output was cut at the token limit.</summary>
    TruncatedOutput = 1 << 14,
}
