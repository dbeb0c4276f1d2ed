using System.Globalization;

namespace QwenLogFunctions.Generation;

/// <summary>
/// Settings of <see cref="SampleLogGenerator"/>. Shares are fractions of all lines in [0, 1]. The output shares
/// are exclusive (one output scenario per line, the rest are plain answers), so together with
/// <see cref="ErrorShare"/> they must not exceed 1; likewise the three input shares.
/// </summary>
public sealed class GeneratorOptions
{
    /// <summary>Seed of the pseudo-random sequence: same seed and options, same bytes.</summary>
    public long Seed { get; init; } = 42;

    /// <summary>Timestamp of the first line (UTC).</summary>
    public DateTimeOffset Start { get; init; } = new(2025, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Timestamps are spread evenly (with a few seconds of jitter) over this many hours from <see cref="Start"/>.</summary>
    public int Hours { get; init; } = 24;

    /// <summary>
    /// Average size of a line in bytes, line break included; 0 keeps the natural sizes (about 1.75 KB). Reached by
    /// lengthening ordinary answers with more prose, lists and code, log-normally so a few answers are very long.
    /// </summary>
    public int TargetAverageLineBytes { get; init; }

    /// <summary>Share of damaged lines of every <see cref="BrokenLineKind"/> (default 0: every line is a valid record).</summary>
    public double BrokenLineShare { get; init; }

    /// <summary>Share of record lines that carry vLLM per-request fields (finish_reason, queue_time_ms, ...).</summary>
    public double VllmFieldsShare { get; init; } = 0.6;

    /// <summary>ERROR-level lines (empty output, zero completion tokens).</summary>
    public double ErrorShare { get; init; } = 0.02;

    /// <summary>See <see cref="OutputScenario.EmptyOutput"/>.</summary>
    public double EmptyOutputShare { get; init; } = 0.015;

    /// <summary>See <see cref="OutputScenario.SensitiveWord"/>.</summary>
    public double SensitiveWordShare { get; init; } = 0.02;

    /// <summary>See <see cref="OutputScenario.ValidJson"/>.</summary>
    public double ValidJsonShare { get; init; } = 0.06;

    /// <summary>See <see cref="OutputScenario.MalformedJson"/>.</summary>
    public double MalformedJsonShare { get; init; } = 0.015;

    /// <summary>See <see cref="OutputScenario.Jailbreak"/>.</summary>
    public double JailbreakShare { get; init; } = 0.01;

    /// <summary>See <see cref="OutputScenario.IdNumber"/>.</summary>
    public double IdNumberShare { get; init; } = 0.01;

    /// <summary>See <see cref="OutputScenario.BankCard"/>.</summary>
    public double BankCardShare { get; init; } = 0.01;

    /// <summary>See <see cref="OutputScenario.Phone"/>.</summary>
    public double PhoneShare { get; init; } = 0.01;

    /// <summary>See <see cref="OutputScenario.Email"/>.</summary>
    public double EmailShare { get; init; } = 0.01;

    /// <summary>See <see cref="OutputScenario.DecoyNumber"/>.</summary>
    public double DecoyNumberShare { get; init; } = 0.01;

    /// <summary>See <see cref="OutputScenario.Secret"/>.</summary>
    public double SecretShare { get; init; } = 0.005;

    /// <summary>See <see cref="OutputScenario.ValidToolCall"/>.</summary>
    public double ValidToolCallShare { get; init; } = 0.04;

    /// <summary>See <see cref="OutputScenario.InvalidToolCall"/>.</summary>
    public double InvalidToolCallShare { get; init; } = 0.01;

    /// <summary>See <see cref="OutputScenario.Refusal"/>.</summary>
    public double RefusalShare { get; init; } = 0.02;

    /// <summary>See <see cref="OutputScenario.Truncated"/>.</summary>
    public double TruncatedShare { get; init; } = 0.02;

    /// <summary>See <see cref="InputScenario.PromptInjection"/>.</summary>
    public double PromptInjectionShare { get; init; } = 0.01;

    /// <summary>See <see cref="InputScenario.EmptyPrompt"/>.</summary>
    public double EmptyPromptShare { get; init; } = 0.005;

    /// <summary>See <see cref="InputScenario.Repeated"/>.</summary>
    public double RepeatedInputShare { get; init; } = 0.03;

    /// <summary>Throws <see cref="ArgumentException"/> naming the first invalid setting.</summary>
    public void Validate()
    {
        if (Hours < 1)
        {
            throw new ArgumentException($"{nameof(Hours)} must be at least 1 (was {Hours}).");
        }

        if (TargetAverageLineBytes < 0)
        {
            throw new ArgumentException($"{nameof(TargetAverageLineBytes)} must be 0 or positive (was {TargetAverageLineBytes}).");
        }

        CheckShare(nameof(BrokenLineShare), BrokenLineShare);
        CheckShare(nameof(VllmFieldsShare), VllmFieldsShare);
        double[] outputs = OutputShares();
        for (int i = 1; i < outputs.Length; i++)
        {
            CheckShare(((OutputScenario)i).ToString() + "Share", outputs[i]);
        }

        double[] inputs = InputShares();
        for (int i = 1; i < inputs.Length; i++)
        {
            CheckShare(((InputScenario)i).ToString() + "Share", inputs[i]);
        }

        if (outputs.Sum() > 1 + 1e-9)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The output scenario shares add up to {outputs.Sum():F3}, more than 1."));
        }

        if (inputs.Sum() > 1 + 1e-9)
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"The input scenario shares add up to {inputs.Sum():F3}, more than 1."));
        }
    }

    /// <summary>Shares indexed by <see cref="OutputScenario"/>; index 0 (plain) is left 0.</summary>
    internal double[] OutputShares()
    {
        var shares = new double[Enum.GetValues<OutputScenario>().Length];
        shares[(int)OutputScenario.Error] = ErrorShare;
        shares[(int)OutputScenario.EmptyOutput] = EmptyOutputShare;
        shares[(int)OutputScenario.SensitiveWord] = SensitiveWordShare;
        shares[(int)OutputScenario.ValidJson] = ValidJsonShare;
        shares[(int)OutputScenario.MalformedJson] = MalformedJsonShare;
        shares[(int)OutputScenario.Jailbreak] = JailbreakShare;
        shares[(int)OutputScenario.IdNumber] = IdNumberShare;
        shares[(int)OutputScenario.BankCard] = BankCardShare;
        shares[(int)OutputScenario.Phone] = PhoneShare;
        shares[(int)OutputScenario.Email] = EmailShare;
        shares[(int)OutputScenario.DecoyNumber] = DecoyNumberShare;
        shares[(int)OutputScenario.Secret] = SecretShare;
        shares[(int)OutputScenario.ValidToolCall] = ValidToolCallShare;
        shares[(int)OutputScenario.InvalidToolCall] = InvalidToolCallShare;
        shares[(int)OutputScenario.Refusal] = RefusalShare;
        shares[(int)OutputScenario.Truncated] = TruncatedShare;
        return shares;
    }

    /// <summary>Shares indexed by <see cref="InputScenario"/>; index 0 (plain) is left 0.</summary>
    internal double[] InputShares()
    {
        var shares = new double[Enum.GetValues<InputScenario>().Length];
        shares[(int)InputScenario.PromptInjection] = PromptInjectionShare;
        shares[(int)InputScenario.EmptyPrompt] = EmptyPromptShare;
        shares[(int)InputScenario.Repeated] = RepeatedInputShare;
        return shares;
    }

    private static void CheckShare(string name, double value)
    {
        if (!(value >= 0 && value <= 1))
        {
            throw new ArgumentException(string.Create(CultureInfo.InvariantCulture, $"{name} must be a share in [0, 1] (was {value})."));
        }
    }
}
