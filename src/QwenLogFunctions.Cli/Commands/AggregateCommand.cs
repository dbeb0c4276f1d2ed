using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using QwenLogFunctions.Cli.Arguments;
using QwenLogFunctions.Pipeline.Hourly;

namespace QwenLogFunctions.Cli.Commands;

/// <summary>
/// <c>aggregate [--hour H] --connection CONN</c>: the Aggregate timer's <see cref="HourlyRun"/> run once: merge every
/// hour changed since the last run (or one given hour), judge the alert rules on the merged hours (the app's
/// QwenLogs__Alerts__* and QwenLogs__Notifications__* settings, from the environment) and apply retention.
/// Do not run it while the timer runs against the same tables.
/// </summary>
internal static class AggregateCommand
{
    public static Command Create()
    {
        var hour = new Option<DateTimeOffset?>("--hour") { Description = "Merge this hour (ISO 8601, truncated to the hour) whether it changed or not; default: every changed hour.", CustomParser = TimeArguments.Parse };
        var connection = StorageServices.ConnectionOption();
        var tablePrefix = StorageServices.TablePrefixOption();
        var command = new Command("aggregate", "The hourly run: merge the per-shard partials of changed hours into the hourly statistics table, judge the alert rules, apply retention.")
        {
            hour, connection, tablePrefix,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            var (configuration, error) = StorageServices.Configuration(parse.GetValue(connection), parse.GetValue(tablePrefix));
            if (configuration is null)
            {
                return CliErrors.Fail(Console.Error, error!);
            }

            await using var services = StorageServices.Build(configuration);
            HourlyRunResult run;
            try
            {
                run = await services.GetRequiredService<HourlyRun>().RunAsync(parse.GetValue(hour), cancellationToken);
            }
            catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
            {
                return CliErrors.Fail(Console.Error, StorageErrors.Describe(ex));
            }

            var result = run.Aggregation;
            foreach (var merged in result.Hours)
            {
                Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                    $"{TimeArguments.Format(merged.Hour)}  {merged.Overall.TotalRequests,10:N0} requests  {merged.Shards.Count,4} shard(s)"));
            }

            Console.WriteLine(result.Hours.Count == 0 ? "no changed hours: nothing to merge" : $"merged {result.Hours.Count} hour(s)");
            foreach (var dirty in result.StillDirty)
            {
                Console.WriteLine($"{TimeArguments.Format(dirty)} changed again while it was merged; the next run merges it again");
            }

            var alerts = run.Alerts;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"alerts: {alerts.Fired.Count} fired, {alerts.Resolved.Count} resolved, {alerts.Firing.Count} firing, {alerts.Notifications.Count(n => !n.Succeeded)} notification(s) failed"));
            foreach (var alert in alerts.Fired)
            {
                Console.WriteLine($"fired      {alert.Key}: {alert.Message}");
            }

            foreach (var alert in alerts.Resolved)
            {
                Console.WriteLine($"resolved   {alert.Key}");
            }

            foreach (string table in run.DroppedTables)
            {
                Console.WriteLine($"retention dropped table {table}");
            }

            return CliErrors.Success;
        });
        return command;
    }
}
