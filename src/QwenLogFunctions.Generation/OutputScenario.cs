namespace QwenLogFunctions.Generation;

/// <summary>What the generator put in a line's output (one per record line; see <see cref="GeneratorOptions"/> for shares).</summary>
public enum OutputScenario
{
    /// <summary>An ordinary answer: prose, lists and code, no flag.</summary>
    Plain,

    /// <summary>An ERROR-level line: empty output, zero completion tokens, an <c>error</c> field in metadata.</summary>
    Error,

    /// <summary>Empty or whitespace-only output (spaces, tabs, newlines, U+3000).</summary>
    EmptyOutput,

    /// <summary>Output mentions 密码, 身份证 or 银行卡 (the article's sensitive words) without any number.</summary>
    SensitiveWord,

    /// <summary>json_mode request whose output parses as JSON.</summary>
    ValidJson,

    /// <summary>json_mode request whose output does not parse as JSON (fenced, prefixed, single quotes, truncated, ...).</summary>
    MalformedJson,

    /// <summary>Output contains one of the article's jailbreak keywords, as written.</summary>
    Jailbreak,

    /// <summary>Output contains a Chinese resident ID number with a correct GB 11643 check digit.</summary>
    IdNumber,

    /// <summary>Output contains a Luhn-valid 16- or 19-digit UnionPay card number.</summary>
    BankCard,

    /// <summary>Output contains a mainland China mobile number.</summary>
    Phone,

    /// <summary>Output contains an e-mail address.</summary>
    Email,

    /// <summary>Output contains numbers shaped like IDs or cards that fail their check digit (must not be flagged as PII).</summary>
    DecoyNumber,

    /// <summary>Output leaks a credential: an sk- API key, an AKIA access key id or a PEM private key.</summary>
    Secret,

    /// <summary>function_calling request answered with well-formed Hermes <c>&lt;tool_call&gt;</c> blocks.</summary>
    ValidToolCall,

    /// <summary>function_calling request whose tool call is broken JSON, lacks a name, or is not JSON at all.</summary>
    InvalidToolCall,

    /// <summary>The model refuses ("抱歉，我无法…", "I'm sorry, but I can't help with that.").</summary>
    Refusal,

    /// <summary>Output cut at max_tokens: finish_reason "length", completion_tokens equal to the limit.</summary>
    Truncated,
}
