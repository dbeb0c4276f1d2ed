namespace QwenLogFunctions.Generation;

/// <summary>What a generator run wrote: the ground truth tests and benchmarks compare an analysis with.</summary>
/// <remarks>
/// Scenario counts cover every line whose record was written in full: intact lines and the
/// <see cref="BrokenLineKind.CrLf"/> and <see cref="BrokenLineKind.OutOfRange"/> kinds. Other broken lines
/// count only under <see cref="BrokenLines"/>.
/// </remarks>
public sealed class GenerationSummary
{
    internal GenerationSummary(long lines, long bytes, long vllmLines, long[] outputs, long[] inputs, long[] broken)
    {
        Lines = lines;
        Bytes = bytes;
        VllmLines = vllmLines;
        Outputs = Enum.GetValues<OutputScenario>().ToDictionary(s => s, s => outputs[(int)s]);
        Inputs = Enum.GetValues<InputScenario>().ToDictionary(s => s, s => inputs[(int)s]);
        BrokenLines = Enum.GetValues<BrokenLineKind>().ToDictionary(k => k, k => broken[(int)k]);
    }

    /// <summary>Lines written (each ends with a line break).</summary>
    public long Lines { get; }

    /// <summary>Uncompressed bytes written.</summary>
    public long Bytes { get; }

    /// <summary>Record lines carrying vLLM per-request fields.</summary>
    public long VllmLines { get; }

    /// <summary>Record lines per output scenario.</summary>
    public IReadOnlyDictionary<OutputScenario, long> Outputs { get; }

    /// <summary>Record lines per input scenario.</summary>
    public IReadOnlyDictionary<InputScenario, long> Inputs { get; }

    /// <summary>Broken lines per kind.</summary>
    public IReadOnlyDictionary<BrokenLineKind, long> BrokenLines { get; }

    /// <summary>Average line size in bytes, line break included.</summary>
    public double AverageLineBytes => Lines == 0 ? 0 : (double)Bytes / Lines;
}
