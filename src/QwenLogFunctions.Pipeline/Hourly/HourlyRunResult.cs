using QwenLogFunctions.Alerting;
using QwenLogFunctions.Storage.Aggregation;

namespace QwenLogFunctions.Pipeline.Hourly;

/// <summary>What one hourly run did.</summary>
/// <param name="Aggregation">The hours merged (and those that changed again meanwhile).</param>
/// <param name="Alerts">The alert evaluation over those hours.</param>
/// <param name="DroppedTables">Tables dropped by retention.</param>
public sealed record HourlyRunResult(AggregationResult Aggregation, AlertEvaluationResult Alerts, IReadOnlyList<string> DroppedTables);
