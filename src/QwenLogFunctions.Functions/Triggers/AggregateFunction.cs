using Microsoft.Azure.Functions.Worker;
using QwenLogFunctions.Pipeline.Hourly;

namespace QwenLogFunctions.Functions.Triggers;

/// <summary>
/// Hourly timer (schedule from QwenLogs__AggregateSchedule, default five past every hour): the <see cref="HourlyRun"/>
/// (merge every hour changed since the last run, judge the alert rules, apply retention).
/// The timer trigger holds a singleton lock, so runs never overlap.
/// </summary>
public sealed class AggregateFunction
{
    private readonly HourlyRun _run;

    /// <summary>Creates the function.</summary>
    public AggregateFunction(HourlyRun run) => _run = run;

    /// <summary>One hourly run.</summary>
    [Function(nameof(Aggregate))]
    public Task Aggregate([TimerTrigger("%QwenLogs:AggregateSchedule%")] TimerInfo timer, CancellationToken cancellationToken) =>
        _run.RunAsync(null, cancellationToken);
}
