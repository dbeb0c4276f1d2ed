using System.CommandLine;
using QwenLogFunctions.Cli.Arguments;
using QwenLogFunctions.Cli.Output;
using QwenLogFunctions.Core.Cost;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Statistics;
using Spectre.Console;

namespace QwenLogFunctions.Cli.Commands;

/// <summary><c>analyze PATH...</c>: the article's analysis of local shards, offline.</summary>
internal static class AnalyzeCommand
{
    private const long ProgressThresholdBytes = 64L * 1024 * 1024;

    public static Command Create()
    {
        var shardArguments = new LocalShardArguments();
        var format = new Option<string>("--format", "-f") { Description = "Output: table (default), json, html or csv.", DefaultValueFactory = _ => "table" };
        format.AcceptOnlyFromAmong(ReportOutput.Formats);
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the report to this file instead of standard output." };
        var approximate = new Option<bool>("--approx") { Description = "Percentiles from quantile sketches (≤1% error, constant memory) instead of exact values." };
        var maxLine = new Option<int>("--max-line-bytes") { Description = "Reject lines longer than this (default 16 MiB).", DefaultValueFactory = _ => new AnalyzerOptions().MaxLineBytes };
        var maxRejects = new Option<int>("--max-rejects") { Description = "How many rejected lines to list (all are counted).", DefaultValueFactory = _ => 1000 };
        var parallelism = new Option<int>("--parallelism") { Description = "Worker threads (default: one per core)." };
        var noProgress = new Option<bool>("--no-progress") { Description = "Never show the progress bar." };
        var dialect = DialectOption.Create();
        var allowDuplicates = new Option<bool>("--allow-duplicate-shards")
        {
            Description = "Count files whose bytes equal another given file's (default: count the content once, as ingest does, and list the copies under duplicate_shards).",
        };
        var cost = new GpuCostArguments();
        var timestamp = new Option<LineTimestamp>("--timestamp")
        {
            Description = "What a line's timestamp marks, for GPU busy time: End (the response was written, the article's logger; default) or Start (the request arrived).",
            DefaultValueFactory = _ => LineTimestamp.End,
        };

        var command = new Command("analyze", "Analyze local JSONL shards: totals, tokens, success rate, latency percentiles, throughput, flags, hourly series.")
        {
            shardArguments.Paths, format, output, approximate, maxLine, maxRejects, parallelism, noProgress, shardArguments.RulesFile, dialect, timestamp, allowDuplicates,
        };
        foreach (var option in cost.All)
        {
            command.Options.Add(option);
        }

        command.SetAction(async (parse, cancellationToken) =>
        {
            var (input, inputError) = shardArguments.Read(parse);
            if (input is null)
            {
                return CliErrors.Fail(Console.Error, inputError!);
            }

            var (files, rules) = input;

            var options = new AnalyzerOptions
            {
                Rules = rules,
                MaxLineBytes = parse.GetValue(maxLine),
                MaxRejectsListed = parse.GetValue(maxRejects),
                Parallelism = parse.GetValue(parallelism),
                Dialect = DialectOption.Value(parse.GetValue(dialect)),
                LineTimestamp = parse.GetValue(timestamp),
            };
            if (options.MaxLineBytes <= 0 || options.MaxRejectsListed < 0 || options.Parallelism < 0)
            {
                return CliErrors.Fail(Console.Error, "--max-line-bytes must be positive; --max-rejects and --parallelism must not be negative");
            }

            var (gpuCost, costError) = cost.Read(parse);
            if (costError is not null)
            {
                return CliErrors.Fail(Console.Error, costError);
            }

            try
            {
                IReadOnlyList<string> counted = files;
                IReadOnlyList<DuplicateShard> duplicates = [];
                if (!parse.GetValue(allowDuplicates))
                {
                    (counted, duplicates) = await DuplicateFiles.SplitAsync(files, cancellationToken);
                    foreach (var duplicate in duplicates)
                    {
                        await Console.Error.WriteLineAsync($"qwenlog: warning: {duplicate.Shard} has the same content as {duplicate.DuplicateOf}: counted once (--allow-duplicate-shards counts both)");
                    }
                }

                var shards = counted.Select(file => ShardSource.FromFile(file)).ToList();
                var report = await RunAsync(shards, duplicates, options, exact: !parse.GetValue(approximate), showProgress: !parse.GetValue(noProgress), gpuCost, cancellationToken);
                return await ReportOutput.WriteAsync(report, parse.GetValue(format)!, parse.GetValue(output), cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // A file that vanished or became unreadable after the check, or an output that cannot be written.
                return CliErrors.Fail(Console.Error, ex.Message);
            }
        });
        return command;
    }

    private static async Task<AnalysisReport> RunAsync(IReadOnlyList<ShardSource> shards, IReadOnlyList<DuplicateShard> duplicates, AnalyzerOptions options, bool exact, bool showProgress, GpuCostOptions? cost, CancellationToken cancellationToken)
    {
        AnalysisReport Build(ReportAccumulator accumulator)
        {
            foreach (var duplicate in duplicates)
            {
                accumulator.AddDuplicateShard(duplicate);
            }

            return accumulator.Build(cost: cost);
        }

        var analyzer = new ShardAnalyzer(options);
        long totalBytes = shards.Sum(s => s.Length ?? 0);
        if (!showProgress || totalBytes < ProgressThresholdBytes || Console.IsErrorRedirected)
        {
            return Build(await analyzer.AnalyzeAsync(shards, exact, null, cancellationToken));
        }

        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        AnalysisReport? report = null;
        await console.Progress()
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask("Analyzing", maxValue: totalBytes);
                var progress = new Progress<long>(bytes => task.Value = bytes);
                report = Build(await analyzer.AnalyzeAsync(shards, exact, progress, cancellationToken));
                task.Value = totalBytes;
            });
        return report!;
    }
}
