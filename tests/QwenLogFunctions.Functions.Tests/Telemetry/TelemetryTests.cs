namespace QwenLogFunctions.Functions.Tests.Telemetry;

/// <summary>
/// Telemetry tests subscribe to the "QwenLogFunctions" Meter by name, which every instance in the process shares:
/// they run alone, after the parallel tests, so no other test's measurements leak into their counts.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class TelemetryTests
{
    public const string Name = "Telemetry";
}
