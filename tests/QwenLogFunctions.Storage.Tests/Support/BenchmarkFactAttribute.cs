namespace QwenLogFunctions.Storage.Tests.Support;

/// <summary>A measurement, not a check: runs only when QWEN_BENCH_INGEST=1, so normal test runs never depend on timing.</summary>
public sealed class BenchmarkFactAttribute : FactAttribute
{
    public BenchmarkFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("QWEN_BENCH_INGEST") != "1")
        {
            Skip = "Benchmark: set QWEN_BENCH_INGEST=1 to run (see docs/pipeline.md).";
        }
    }
}
