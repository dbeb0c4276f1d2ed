using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Storage.Aggregation;
using QwenLogFunctions.Storage.Retention;
using QwenLogFunctions.Storage.Shards;

namespace QwenLogFunctions.Functions.Functions;

/// <summary>
/// Hourly timer (schedule from QwenLogs__AggregateSchedule, default five past every hour): merges the partials of
/// every hour changed since the last run, hands the result to the listeners (alerts), then applies retention. First it
/// re-enqueues purges that stopped moving (a lost queue message must not leave a shard purging for ever).
/// The timer trigger holds a singleton lock, so runs never overlap.
/// </summary>
public sealed class AggregateFunction
{
    private readonly AggregationService _aggregation;
    private readonly RetentionService _retention;
    private readonly IEnumerable<IAggregationListener> _listeners;
    private readonly ShardPurgeService _purge;

    /// <summary>Creates the function.</summary>
    public AggregateFunction(AggregationService aggregation, RetentionService retention, IEnumerable<IAggregationListener> listeners, ShardPurgeService purge)
    {
        _aggregation = aggregation;
        _retention = retention;
        _listeners = listeners;
        _purge = purge;
    }

    /// <summary>One aggregation run.</summary>
    [Function(nameof(Aggregate))]
    public async Task Aggregate([TimerTrigger("%QwenLogs:AggregateSchedule%")] TimerInfo timer, CancellationToken cancellationToken)
    {
        await _purge.ResumeStalledAsync(cancellationToken);
        var result = await _aggregation.AggregateAsync(null, cancellationToken);
        foreach (var listener in _listeners)
        {
            await listener.OnAggregatedAsync(result, cancellationToken);
        }

        await _retention.ApplyAsync(cancellationToken);
    }
}
