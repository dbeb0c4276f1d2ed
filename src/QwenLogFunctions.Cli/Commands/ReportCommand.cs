using System.CommandLine;
using Microsoft.Extensions.DependencyInjection;
using QwenLogFunctions.Cli.Arguments;
using QwenLogFunctions.Cli.Output;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Pipeline.Reports;
using QwenLogFunctions.Reporting;
using QwenLogFunctions.Storage.Queries;

namespace QwenLogFunctions.Cli.Commands;

/// <summary>
/// <c>report --connection CONN [--from T --to T --model M]</c>: the report of GET /api/report, built by the same
/// <see cref="ReportPage"/> from the hourly statistics table; JSON by default (the schema of analyze --format json);
/// the HTML page lists the alerts firing now, as the app's does.
/// </summary>
internal static class ReportCommand
{
    public static Command Create()
    {
        var from = new Option<DateTimeOffset?>("--from") { Description = "Start of the range, ISO 8601 (default: 24 hours before --to).", CustomParser = TimeArguments.Parse };
        var to = new Option<DateTimeOffset?>("--to") { Description = "End of the range (exclusive), ISO 8601 (default: the end of the current hour).", CustomParser = TimeArguments.Parse };
        var model = new Option<string?>("--model", "-m") { Description = "Only this model's requests." };
        var format = new Option<string>("--format", "-f") { Description = "Output: json (default), html, csv or table.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong(ReportOutput.Formats);
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the report to this file instead of standard output." };
        var connection = StorageServices.ConnectionOption();
        var tablePrefix = StorageServices.TablePrefixOption();
        var cost = new GpuCostArguments();
        var command = new Command("report", "The report of a time range from the hourly statistics (the JSON of GET /api/report).")
        {
            from, to, model, format, output, connection, tablePrefix,
        };
        foreach (var option in cost.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var (configuration, error) = StorageServices.Configuration(parse.GetValue(connection), parse.GetValue(tablePrefix));
            if (configuration is null)
            {
                return CliErrors.Fail(Console.Error, error!);
            }

            var (gpuCost, costError) = cost.Read(parse);
            if (costError is not null)
            {
                return CliErrors.Fail(Console.Error, costError);
            }

            var end = parse.GetValue(to) ?? EndOfCurrentHour();
            var start = parse.GetValue(from) ?? end.AddHours(-24);
            await using var services = StorageServices.Build(configuration);
            AnalysisReport report;
            IReadOnlyList<ReportAlertRow> alerts = [];
            try
            {
                var page = services.GetRequiredService<ReportPage>();
                report = await page.GetReportAsync(start, end, parse.GetValue(model), cancellationToken, gpuCost);
                if (parse.GetValue(format) == "html")
                {
                    alerts = await page.FiringAlertsAsync(parse.GetValue(model), cancellationToken);
                }
            }
            catch (QueryValidationException ex)
            {
                return CliErrors.Fail(Console.Error, ex.Message);
            }
            catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
            {
                return CliErrors.Fail(Console.Error, StorageErrors.Describe(ex));
            }

            return await ReportOutput.WriteAsync(report, parse.GetValue(format)!, parse.GetValue(output), cancellationToken, alerts);
        });
        return command;
    }

    private static DateTimeOffset EndOfCurrentHour()
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, 0, 0, TimeSpan.Zero).AddHours(1);
    }
}
