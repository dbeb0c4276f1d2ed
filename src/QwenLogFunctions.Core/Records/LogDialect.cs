namespace QwenLogFunctions.Core.Records;

/// <summary>
/// The shape a shard's lines are written in. Every dialect maps to the same <see cref="RequestMetrics"/> and
/// <see cref="RequestRecord"/>; the mapping of each is documented in README.md ("Input dialects").
/// </summary>
public enum LogDialect : byte
{
    /// <summary>The article's own schema (timestamp, input, output, metadata).</summary>
    Article = 0,

    /// <summary>LiteLLM's StandardLoggingPayload, one object per line (or per .json file).</summary>
    LiteLlm = 1,

    /// <summary>OpenTelemetry traces in OTLP/JSON, one ExportTraceServiceRequest per line; GenAI spans are requests.</summary>
    Otlp = 2,

    /// <summary>The OpenAI Batch API output format (also written by vLLM's run_batch).</summary>
    OpenAIBatch = 3,
}

/// <summary>Wire names of the dialects (options, settings, report keys).</summary>
public static class LogDialectNames
{
    /// <summary>The option value that asks for detection per shard.</summary>
    public const string Auto = "auto";

    /// <summary>Number of dialects (the size of per-dialect count arrays).</summary>
    public const int Count = 4;

    /// <summary>Names in <see cref="LogDialect"/> order.</summary>
    public static IReadOnlyList<string> All { get; } = ["article", "litellm", "otlp", "openai-batch"];

    /// <summary>The wire name of a dialect.</summary>
    public static string NameOf(LogDialect dialect) => All[(int)dialect];

    /// <summary>
    /// Parses an option value: "auto" (or empty) gives null (detect per shard), a dialect name gives that dialect.
    /// Returns false for anything else.
    /// </summary>
    public static bool TryParse(string? value, out LogDialect? dialect)
    {
        dialect = null;
        if (string.IsNullOrWhiteSpace(value) || string.Equals(value.Trim(), Auto, StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        for (int i = 0; i < All.Count; i++)
        {
            if (string.Equals(value.Trim(), All[i], StringComparison.OrdinalIgnoreCase))
            {
                dialect = (LogDialect)i;
                return true;
            }
        }

        return false;
    }

    /// <summary>"auto|article|litellm|otlp|openai-batch", for messages.</summary>
    public static string Choices => Auto + "|" + string.Join('|', All);
}
