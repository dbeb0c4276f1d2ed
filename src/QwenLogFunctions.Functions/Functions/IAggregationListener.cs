using QwenLogFunctions.Storage.Aggregation;

namespace QwenLogFunctions.Functions.Functions;

/// <summary>
/// Told about every aggregation run, after the hourly table is up to date: the place where alert rules are evaluated.
/// Register implementations in DI; all run, in registration order.
/// </summary>
public interface IAggregationListener
{
    /// <summary>Handles the hours that were merged in one run.</summary>
    Task OnAggregatedAsync(AggregationResult result, CancellationToken cancellationToken);
}
