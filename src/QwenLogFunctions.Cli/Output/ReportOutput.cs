using System.Text;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Reporting;
using Spectre.Console;

namespace QwenLogFunctions.Cli.Output;

/// <summary>
/// Writes a report in the chosen format to standard output or a file. The HTML page lists <c>alerts</c>: those firing
/// now for <c>report</c>, none for the offline <c>analyze</c> (alerts are judged on stored hours, there are none).
/// </summary>
internal static class ReportOutput
{
    public static readonly string[] Formats = ["table", "json", "html", "csv"];

    public static async Task<int> WriteAsync(AnalysisReport report, string format, FileInfo? file, CancellationToken cancellationToken, IReadOnlyList<ReportAlertRow>? alerts = null)
    {
        if (format == "table")
        {
            if (file is null)
            {
                TableReportWriter.Write(AnsiConsole.Console, report);
            }
            else
            {
                await using var writer = new StreamWriter(file.FullName);
                var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(writer), Ansi = AnsiSupport.No, ColorSystem = ColorSystemSupport.NoColors });
                TableReportWriter.Write(console, report);
            }

            return CliErrors.Success;
        }

        await using Stream stream = file is null ? Console.OpenStandardOutput() : File.Create(file.FullName);
        if (format is "html" or "csv")
        {
            string text = format == "html" ? HtmlReportRenderer.Render(report, alerts ?? []) : CsvReportRenderer.Render(report);
            await stream.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
            return CliErrors.Success;
        }

        await ReportJson.SerializeAsync(stream, report, indented: true, cancellationToken);
        await stream.WriteAsync("\n"u8.ToArray(), cancellationToken);
        return CliErrors.Success;
    }
}
