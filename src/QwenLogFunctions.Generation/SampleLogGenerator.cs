using System.IO.Compression;

namespace QwenLogFunctions.Generation;

/// <summary>
/// Writes realistic JSONL inference logs in the article's schema: mixed Chinese and English prompts and answers,
/// log-normal lengths and latencies, several models and devices, vLLM per-request fields on a share of lines,
/// and a configurable share of every situation the compliance rules look for (see <see cref="GeneratorOptions"/>).
/// </summary>
/// <remarks>
/// Deterministic: the same options and line count give the same bytes (the pseudo-random generator is our own
/// xoshiro256**; latencies go through <see cref="Math.Log(double)"/> and <see cref="Math.Exp"/>, so bit-for-bit
/// equality is promised on the same runtime and CPU architecture). Lines are laid out as Python's
/// <c>json.dumps(entry, ensure_ascii=False)</c> writes them. Every line is valid JSON with the article's schema unless
/// <see cref="GeneratorOptions.BrokenLineShare"/> asks for damaged ones. Files are valid UTF-8 without BOM.
/// </remarks>
public sealed class SampleLogGenerator
{
    private readonly GeneratorOptions _options;

    /// <summary>Creates a generator; throws <see cref="ArgumentException"/> when the options are invalid.</summary>
    public SampleLogGenerator(GeneratorOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        _options = options;
    }

    /// <summary>Writes <paramref name="lineCount"/> lines to <paramref name="destination"/>, gzip-compressed when asked.</summary>
    /// <remarks>The destination is flushed but not closed. Wrap slow streams in a buffer: the generator writes line by line.</remarks>
    public GenerationSummary Write(Stream destination, long lineCount, bool gzip = false)
    {
        ArgumentNullException.ThrowIfNull(destination);
        ArgumentOutOfRangeException.ThrowIfNegative(lineCount);
        var run = new GenerationRun(_options, lineCount);
        if (!gzip)
        {
            GenerationSummary summary = run.Run(destination);
            destination.Flush();
            return summary;
        }

        using (var compressed = new GZipStream(destination, CompressionLevel.Fastest, leaveOpen: true))
        using (var buffered = new BufferedStream(compressed, 1 << 20))
        {
            GenerationSummary summary = run.Run(buffered);
            buffered.Flush();
            return summary;
        }
    }

    /// <summary>Writes <paramref name="lineCount"/> lines to a new file (replacing any), through a 1 MiB buffer.</summary>
    public GenerationSummary WriteFile(string path, long lineCount, bool gzip = false)
    {
        using var file = new FileStream(path, FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20);
        return Write(file, lineCount, gzip);
    }
}
