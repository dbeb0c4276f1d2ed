using Microsoft.Extensions.Logging;

namespace QwenLogFunctions.Pipeline;

/// <summary>Source-generated log messages of the use cases (event ids 5001–5099, kept from when they lived in the Functions app).</summary>
internal static partial class PipelineLog
{
    [LoggerMessage(EventId = 5001, Level = LogLevel.Information,
        Message = "Alert evaluation after aggregating {Hours} hours: {Fired} fired, {Resolved} resolved, {Firing} firing, {FailedNotifications} notifications failed")]
    public static partial void AlertsEvaluated(ILogger logger, int hours, int fired, int resolved, int firing, int failedNotifications);

    [LoggerMessage(EventId = 5002, Level = LogLevel.Warning, Message = "Alerts fired: {AlertKeys}")]
    public static partial void AlertsFired(ILogger logger, string alertKeys);

    [LoggerMessage(EventId = 5003, Level = LogLevel.Information, Message = "Alerts resolved: {AlertKeys}")]
    public static partial void AlertsResolved(ILogger logger, string alertKeys);
}
