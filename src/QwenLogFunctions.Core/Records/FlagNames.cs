using System.Collections.Frozen;
using System.Numerics;

namespace QwenLogFunctions.Core.Records;

/// <summary>The stable snake_case names of <see cref="RequestFlags"/>, in declaration order.</summary>
public static class FlagNames
{
    /// <summary>Every single flag, in declaration order (the order of JSON output and CSV columns).</summary>
    public static IReadOnlyList<RequestFlags> All { get; } =
    [
        RequestFlags.EmptyResponse, RequestFlags.ContainsSensitive, RequestFlags.MalformedJson, RequestFlags.JailbreakAttempt,
        RequestFlags.PiiIdNumber, RequestFlags.PiiBankCard, RequestFlags.PiiPhone, RequestFlags.PiiEmail,
        RequestFlags.SecretLeak, RequestFlags.PromptInjection, RequestFlags.InvalidToolCall, RequestFlags.Refusal,
        RequestFlags.InvalidPrompt, RequestFlags.RepeatedInput, RequestFlags.TruncatedOutput,
    ];

    /// <summary>Number of distinct flags; index of a flag is its bit position.</summary>
    public static int Count => All.Count;

    private static readonly string[] Names =
    [
        "empty_response", "contains_sensitive", "malformed_json", "jailbreak_attempt",
        "pii_id_number", "pii_bank_card", "pii_phone", "pii_email",
        "secret_leak", "prompt_injection", "invalid_tool_call", "refusal",
        "invalid_prompt", "repeated_input", "truncated_output",
    ];

    private static readonly FrozenDictionary<string, RequestFlags> ByName =
        Names.Select((name, i) => KeyValuePair.Create(name, All[i])).ToFrozenDictionary(StringComparer.Ordinal);

    /// <summary>All names, in declaration order.</summary>
    public static IReadOnlyList<string> AllNames => Names;

    /// <summary>The name of a single flag.</summary>
    public static string NameOf(RequestFlags flag) => Names[IndexOf(flag)];

    /// <summary>The bit index of a single flag (0 for <see cref="RequestFlags.EmptyResponse"/>).</summary>
    public static int IndexOf(RequestFlags flag)
    {
        uint bits = (uint)flag;
        if (bits == 0 || !BitOperations.IsPow2(bits) || BitOperations.TrailingZeroCount(bits) >= Names.Length)
        {
            throw new ArgumentOutOfRangeException(nameof(flag), flag, "Expected exactly one known flag.");
        }

        return BitOperations.TrailingZeroCount(bits);
    }

    /// <summary>Looks a flag up by its snake_case name (exact, case-sensitive).</summary>
    public static bool TryParse(string? name, out RequestFlags flag) =>
        ByName.TryGetValue(name ?? string.Empty, out flag);

    /// <summary>The names of the flags set in <paramref name="flags"/>, in declaration order.</summary>
    public static IEnumerable<string> NamesOf(RequestFlags flags)
    {
        for (int i = 0; i < Names.Length; i++)
        {
            if (((uint)flags & (1u << i)) != 0)
            {
                yield return Names[i];
            }
        }
    }
}
