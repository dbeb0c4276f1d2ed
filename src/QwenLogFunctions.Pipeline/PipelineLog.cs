using Microsoft.Extensions.Logging;

namespace QwenLogFunctions.Pipeline;

/// <summary>
/// Source-generated log messages of the use cases: event ids 5001–5099 kept from when they lived in the Functions app,
/// 11–13 (Reconcile) kept from when it lived in Storage, so queries on event ids go on working.
/// </summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Alert evaluation after aggregating {Hours} hours: {Fired} fired, {Resolved} resolved, {Firing} firing, {FailedNotifications} notifications failed")]
    public static partial void AlertsEvaluated(ILogger logger, int hours, int fired, int resolved, int firing, int failedNotifications);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Alerts fired: {AlertKeys}")]
    public static partial void AlertsFired(ILogger logger, string alertKeys);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Alerts resolved: {AlertKeys}")]
    public static partial void AlertsResolved(ILogger logger, string alertKeys);

    [LoggerMessage(11, LogLevel.Information, "Reconcile caught up shard {Shard}: {Outcome}, {Accepted} accepted, {Rejected} rejected")]
    public static partial void ReconciledShard(ILogger logger, string shard, string outcome, long accepted, long rejected);

    [LoggerMessage(12, LogLevel.Warning, "Reconcile could not ingest shard {Shard}; the next run tries again")]
    public static partial void ReconcileFailed(ILogger logger, Exception exception, string shard);

    [LoggerMessage(13, LogLevel.Information, "Reconcile run: {Listed} shard blobs listed, {CaughtUp} caught up, {Failed} failed, more to do: {MoreToDo}, in {ElapsedMs} ms")]
    public static partial void Reconciled(ILogger logger, int listed, int caughtUp, int failed, bool moreToDo, long elapsedMs);
}
