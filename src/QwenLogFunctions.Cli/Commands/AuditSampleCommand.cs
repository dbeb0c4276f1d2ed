using System.CommandLine;
using System.Text;
using QwenLogFunctions.Cli.Arguments;
using QwenLogFunctions.Core.Audit;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Reporting;

namespace QwenLogFunctions.Cli.Commands;

/// <summary>
/// <c>audit-sample PATH... [--rate 0.01]</c>: the article's weekly human audit, offline: the requests of local
/// shards whose request_id hashes below the rate (<see cref="AuditSampler"/>), so the same requests are picked on
/// every run and machine. Previews are redacted of the PII and secrets the rules detect.
/// </summary>
internal static class AuditSampleCommand
{
    private static readonly string[] Formats = ["json", "csv"];

    public static Command Create()
    {
        var shardArguments = new LocalShardArguments();
        var rate = new Option<string?>("--rate", "-r") { Description = "Share of requests to sample, in (0, 1] (default 0.01, the article's 1%)." };
        var format = new Option<string>("--format", "-f") { Description = "Output: json (default) or csv.", DefaultValueFactory = _ => "json" };
        format.AcceptOnlyFromAmong(Formats);
        var output = new Option<FileInfo?>("--out", "-o") { Description = "Write the sample to this file instead of standard output." };
        var command = new Command("audit-sample", "Pick a deterministic sample of requests for human review, with their flags and redacted previews.")
        {
            shardArguments.Paths, rate, format, output, shardArguments.RulesFile,
        };

        command.SetAction(async (parse, cancellationToken) =>
        {
            if (!AuditSampler.TryParseRate(parse.GetValue(rate), out double sampleRate, out string? rateError))
            {
                return CliErrors.Fail(Console.Error, rateError!);
            }

            var (input, inputError) = shardArguments.Read(parse);
            if (input is null)
            {
                return CliErrors.Fail(Console.Error, inputError!);
            }

            var (files, rules) = input;

            var sampler = new AuditSampler(sampleRate);
            var reader = new DetailedShardReader(new AnalyzerOptions { Rules = rules });
            var items = new List<AuditSampleItem>();
            long considered = 0;
            string current = files[0];
            try
            {
                foreach (string file in files)
                {
                    current = file;
                    var stream = Core.Parsing.Dialects.SingleDocumentStream.ForShard(new FileStream(file, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, useAsync: true), file);
                    await foreach (var entry in reader.ReadAsync(stream, file, cancellationToken))
                    {
                        if (entry is AcceptedEntry { Record: var record })
                        {
                            considered++;
                            if (sampler.Includes(record.RequestId))
                            {
                                items.Add(AuditSampleItem.FromRecord(record));
                            }
                        }
                    }
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return CliErrors.Fail(Console.Error, $"cannot read {current}: {ex.Message}");
            }

            // By time, then where the line is: the same order whatever order the files were given in.
            var ordered = items
                .OrderBy(item => item.Timestamp)
                .ThenBy(item => item.Shard, StringComparer.Ordinal)
                .ThenBy(item => item.Line)
                .ToList();
            var sample = new AuditSample(sampleRate, null, null, considered, ordered);
            string text = parse.GetValue(format) == "csv" ? AuditSampleRenderer.RenderCsv(sample) : AuditSampleRenderer.RenderJson(sample) + "\n";
            var target = parse.GetValue(output);
            try
            {
                await using Stream destination = target is null ? Console.OpenStandardOutput() : File.Create(target.FullName);
                await destination.WriteAsync(Encoding.UTF8.GetBytes(text), cancellationToken);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return CliErrors.Fail(Console.Error, $"cannot write {target?.FullName}: {ex.Message}");
            }

            return CliErrors.Success;
        });
        return command;
    }
}
