using System.CommandLine;
using System.Diagnostics;
using System.Globalization;
using System.Security.Cryptography;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QwenLogFunctions.Cli.Arguments;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Pipeline.Ingestion;
using QwenLogFunctions.Pipeline.Rules;
using QwenLogFunctions.Storage;
using QwenLogFunctions.Storage.Ingestion;
using Spectre.Console;

namespace QwenLogFunctions.Cli.Commands;

/// <summary>
/// <c>ingest PATH... --connection CONN</c>: runs the blob trigger's use case (<see cref="ShardIngestion"/>) on local shards
/// (or, with --container, on blobs already uploaded), for backfills and for users without the Functions host.
/// A local file's version is the SHA-256 of its bytes, so re-running on unchanged files writes nothing and changed
/// content replaces the shard's earlier rows; a blob's version is its ETag, as for the blob trigger.
/// </summary>
internal static class IngestCommand
{
    private const long ProgressThresholdBytes = 64L * 1024 * 1024;

    public static Command Create()
    {
        var paths = new Argument<string[]>("PATH")
        {
            Description = "Shard files (.jsonl, .jsonl.gz, .ndjson), folders or glob patterns; with --container, blob name prefixes (none: every blob).",
            Arity = ArgumentArity.ZeroOrMore,
        };
        var connection = StorageServices.ConnectionOption();
        var tablePrefix = StorageServices.TablePrefixOption();
        var container = new Option<string?>("--container") { Description = "Ingest the blobs of this container (e.g. qwen-logs) instead of local files." };
        var force = new Option<bool>("--force") { Description = "Ingest again even when this exact content was already ingested or was purged." };
        var rulesFile = new Option<FileInfo?>("--rules") { Description = "JSON file with keyword lists and thresholds (see README); default: the QwenLogs__Rules__* environment variables, as the Functions app reads its settings." };
        var dialect = DialectOption.Create();
        var allowDuplicates = new Option<bool>("--allow-duplicate-shards")
        {
            Description = "Count a shard whose bytes equal an already-ingested shard's (default: record it as that shard's duplicate and count it once; QwenLogs__DetectDuplicateShards=false does the same).",
        };

        var command = new Command("ingest", "Ingest shards into Table Storage with the pipeline's own ingestion code: request rows, rejects, hourly partials, ledger.")
        {
            paths, connection, tablePrefix, container, force, rulesFile, dialect, allowDuplicates,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            string? containerName = parse.GetValue(container);
            string[] arguments = parse.GetValue(paths) ?? [];
            IReadOnlyList<InputFile> files = [];
            if (containerName is null)
            {
                if (arguments.Length == 0)
                {
                    return CliErrors.Fail(Console.Error, "give the shard files, folders or globs to ingest (or --container NAME for uploaded blobs)");
                }

                var (found, error) = InputPaths.ExpandNamed(arguments);
                if (error is not null)
                {
                    return CliErrors.Fail(Console.Error, error);
                }

                files = found;
            }

            var (configuration, configurationError) = StorageServices.Configuration(parse.GetValue(connection), parse.GetValue(tablePrefix));
            if (configuration is null)
            {
                return CliErrors.Fail(Console.Error, configurationError!);
            }

            var rulesPath = parse.GetValue(rulesFile);
            var (rules, rulesError) = rulesPath is null ? RuleOptionsSource.Load(configuration) : RuleOptionsSource.Load(rulesPath);
            if (rules is null)
            {
                return CliErrors.Fail(Console.Error, rulesError!);
            }

            if (parse.GetValue(allowDuplicates))
            {
                configuration[StorageOptions.SectionName + ConfigurationPath.KeyDelimiter + nameof(StorageOptions.DetectDuplicateShards)] = "false";
            }

            await using var services = StorageServices.Build(configuration, new AnalyzerOptions { Rules = rules, Dialect = DialectOption.Value(parse.GetValue(dialect)) });
            var totals = new Totals();
            string current = containerName ?? files[0].Path;
            try
            {
                var ingestion = services.GetRequiredService<ShardIngestion>();
                if (containerName is null)
                {
                    foreach (var file in files)
                    {
                        current = file.Path;
                        var result = await IngestFileAsync(ingestion, file, parse.GetValue(force), cancellationToken);
                        totals.Add(result, file.Path);
                    }
                }
                else
                {
                    var blobs = services.GetRequiredService<BlobServiceClient>().GetBlobContainerClient(containerName);
                    foreach (string name in await ListBlobsAsync(blobs, arguments, cancellationToken))
                    {
                        current = name;
                        var result = await ingestion.IngestAsync(blobs.GetBlobClient(name), cancellationToken, parse.GetValue(force));
                        totals.Add(result, name);
                    }

                    if (totals.Shards == 0)
                    {
                        return CliErrors.Fail(Console.Error, $"no blobs in container {containerName}" + (arguments.Length > 0 ? $" starting with {string.Join(" or ", arguments)}" : string.Empty));
                    }
                }
            }
            catch (Exception ex) when (StorageErrors.IsStorageFailure(ex))
            {
                return CliErrors.Fail(Console.Error, $"{current}: {StorageErrors.Describe(ex)}");
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return CliErrors.Fail(Console.Error, $"cannot read {current}: {ex.Message}");
            }

            totals.WriteSummary();
            return CliErrors.Success;
        });
        return command;
    }

    private static async Task<IngestionResult> IngestFileAsync(ShardIngestion ingestion, InputFile file, bool force, CancellationToken cancellationToken)
    {
        string version;
        await using (var hashed = File.OpenRead(file.Path))
        {
            version = "sha256:" + Convert.ToHexStringLower(await SHA256.HashDataAsync(hashed, cancellationToken));
        }

        // The service disposes the stream when it has read it.
        var content = new FileStream(file.Path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true);
        if (content.Length < ProgressThresholdBytes || Console.IsErrorRedirected)
        {
            return await ingestion.IngestAsync(content, file.ShardName, version, cancellationToken, force);
        }

        long length = content.Length;
        var counted = new ProgressStream(content);
        var console = AnsiConsole.Create(new AnsiConsoleSettings { Out = new AnsiConsoleOutput(Console.Error) });
        IngestionResult? result = null;
        await console.Progress()
            .AutoClear(true)
            .Columns(new TaskDescriptionColumn(), new ProgressBarColumn(), new PercentageColumn(), new TransferSpeedColumn(), new RemainingTimeColumn())
            .StartAsync(async context =>
            {
                var task = context.AddTask(Markup.Escape(file.ShardName), maxValue: length);
                var ingesting = ingestion.IngestAsync(counted, file.ShardName, version, cancellationToken, force);
                while (await Task.WhenAny(ingesting, Task.Delay(250, cancellationToken)) != ingesting)
                {
                    task.Value = counted.BytesRead;
                }

                result = await ingesting;
                task.Value = length;
            });
        return result!;
    }

    private static async Task<List<string>> ListBlobsAsync(BlobContainerClient container, string[] prefixes, CancellationToken cancellationToken)
    {
        var names = new SortedSet<string>(StringComparer.Ordinal);
        foreach (string? prefix in prefixes.Length == 0 ? new string?[] { null } : prefixes)
        {
            await foreach (var blob in container.GetBlobsAsync(new Azure.Storage.Blobs.Models.GetBlobsOptions { Prefix = prefix }, cancellationToken))
            {
                names.Add(blob.Name);
            }
        }

        return [.. names];
    }

    /// <summary>Prints each shard's outcome as it finishes and adds up the run.</summary>
    private sealed class Totals
    {
        private readonly Stopwatch _wall = Stopwatch.StartNew();
        private int _ingested, _unchanged, _duplicates, _skipped, _incomplete;
        private long _accepted, _rejected, _blank, _rows;

        public int Shards => _ingested + _unchanged + _duplicates + _skipped;

        public void Add(IngestionResult result, string source)
        {
            string shown = string.Equals(source, result.Shard, StringComparison.Ordinal) ? result.Shard : $"{result.Shard} ({source})";
            switch (result.Outcome)
            {
                case IngestOutcome.Ingested:
                    _ingested++;
                    _rows += result.RowsWritten;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"ingested   {shown}: {result.Lines.Total:N0} lines ({result.Lines.Accepted:N0} accepted, {result.Lines.Rejected:N0} rejected, {result.Lines.Blank:N0} blank), {result.Hours.Count} hour(s), {result.RowsWritten:N0} rows in {result.Elapsed.TotalSeconds:F1} s"));
                    WriteIncomplete(result);
                    break;
                case IngestOutcome.AlreadyIngested:
                    _unchanged++;
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"unchanged  {shown}: this content is already ingested ({result.Lines.Total:N0} lines); --force ingests it again"));
                    WriteIncomplete(result);
                    break;
                case IngestOutcome.DeferredByPurge:
                    _skipped++;
                    Console.WriteLine($"deferred   {shown}: a purge of this name is running; run ingest again once GET /api/shards says purged");
                    return;
                case IngestOutcome.Purged:
                    _skipped++;
                    Console.WriteLine($"purged     {shown}: this content was purged (DELETE /api/shards/{result.Shard}); --force ingests it again");
                    return;
                case IngestOutcome.Duplicate:
                    // Counted once, under the first name: nothing of this one is added.
                    _duplicates++;
                    Console.WriteLine($"duplicate  {shown}: the same content as {result.DuplicateOf}, counted once; --allow-duplicate-shards counts it");
                    return;
                default:
                    _skipped++;
                    Console.WriteLine($"skipped    {shown}: not a {ShardNameRule.Description} name");
                    return;
            }

            _accepted += result.Lines.Accepted;
            _rejected += result.Lines.Rejected;
            _blank += result.Lines.Blank;
        }

        private void WriteIncomplete(IngestionResult result)
        {
            if (result.ShardProblem is { } problem)
            {
                _incomplete++;
                Console.WriteLine($"incomplete {result.Shard}: {problem} (ledger status Incomplete; lines before it are stored)");
            }
        }

        public void WriteSummary()
        {
            double seconds = _wall.Elapsed.TotalSeconds;
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"{Shards} shard(s): {_ingested} ingested, {_unchanged} unchanged, {_duplicates} duplicate, {_skipped} skipped, {_incomplete} incomplete; " +
                $"{_accepted + _rejected + _blank:N0} lines ({_accepted:N0} accepted, {_rejected:N0} rejected, {_blank:N0} blank); " +
                $"{_rows:N0} rows written in {seconds:F1} s ({(seconds > 0 ? _rows / seconds : 0):N0} rows/s)"));
            if (_ingested > 0)
            {
                Console.WriteLine("run 'qwenlog aggregate' to merge the changed hours before asking for a report");
            }
        }
    }
}
