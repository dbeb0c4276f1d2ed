using System.CommandLine;
using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using QwenLogFunctions.Storage.Aggregation;

namespace QwenLogFunctions.Cli.Commands;

/// <summary>
/// <c>aggregate [--hour H] --connection CONN</c>: the Aggregate timer's merge (<see cref="AggregationService"/>) run
/// once: every hour changed since the last run, or one given hour. Alert evaluation and retention stay with the
/// Functions app's timer. Do not run it while the timer runs against the same tables.
/// </summary>
internal static class AggregateCommand
{
    public static Command Create()
    {
        var hour = new Option<DateTimeOffset?>("--hour") { Description = "Merge this hour (ISO 8601, truncated to the hour) whether it changed or not; default: every changed hour.", CustomParser = TimeArguments.Parse };
        var connection = StorageServices.ConnectionOption();
        var tablePrefix = StorageServices.TablePrefixOption();
        var command = new Command("aggregate", "Merge the per-shard partials of changed hours into the hourly statistics table.")
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
            AggregationResult result;
            try
            {
                result = await services.GetRequiredService<AggregationService>().AggregateAsync(parse.GetValue(hour), cancellationToken);
            }
            catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
            {
                return CliErrors.Fail(Console.Error, StorageErrors.Describe(ex));
            }

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

            return CliErrors.Success;
        });
        return command;
    }
}
