using System.CommandLine;
using System.Globalization;
using QwenLogFunctions.Cli.Arguments;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Generation;

namespace QwenLogFunctions.Cli.Commands;

/// <summary>
/// <c>generate --lines N --out FILE</c>: realistic sample logs (<see cref="SampleLogGenerator"/>), deterministic for a
/// seed. With <c>--shards K</c> the lines are split over K files FILE-0001.jsonl… that cover the same hours, like
/// K servers logging side by side; shard i uses seed S + i - 1, so one shard with seed S equals a single-file run.
/// </summary>
internal static class GenerateCommand
{
    private static void Require(System.CommandLine.Parsing.OptionResult result, bool valid, string error)
    {
        if (!valid)
        {
            result.AddError(error);
        }
    }

    /// <summary>
    /// What a reader of the files will see, per kind of damaged line: the kinds analyze rejects, the blank ones, and
    /// CRLF endings, which are damage to the file but valid records (accepted).
    /// </summary>
    private readonly record struct ExpectedCounts(long Accepted, long Rejected, long Blank, long CrLf)
    {
        public static ExpectedCounts Of(long lines, IEnumerable<GenerationSummary> summaries)
        {
            long rejected = 0, blank = 0, crlf = 0;
            foreach (var (kind, count) in summaries.SelectMany(s => s.BrokenLines))
            {
                switch (kind)
                {
                    case BrokenLineKind.Blank or BrokenLineKind.WhitespaceOnly:
                        blank += count;
                        break;
                    case BrokenLineKind.CrLf:
                        crlf += count;
                        break;
                    default:
                        rejected += count;
                        break;
                }
            }

            return new ExpectedCounts(lines - rejected - blank, rejected, blank, crlf);
        }
    }

    public static Command Create()
    {
        var lines = new Option<long>("--lines", "-n") { Description = "Lines to write in all (split evenly over the shards).", Required = true };
        var output = new Option<string>("--out", "-o") { Description = "Output file; with --shards K > 1, the base name of FILE-0001.jsonl(.gz)...", Required = true };
        var seed = new Option<long>("--seed") { Description = "Seed: the same seed and options give the same bytes (default 42).", DefaultValueFactory = _ => 42 };
        var gzip = new Option<bool>("--gzip") { Description = "Compress with gzip (file names get .jsonl.gz)." };
        var averageBytes = new Option<int>("--avg-bytes") { Description = "Target average line size in bytes (default: natural, about 1,750)." };
        var brokenShare = new Option<double>("--broken-share") { Description = "Share of damaged lines, 0 to 1 (default 0)." };
        var hours = new Option<int>("--hours") { Description = "Hours the timestamps span (default 24).", DefaultValueFactory = _ => 24 };
        var start = new Option<DateTimeOffset?>("--start") { Description = "First timestamp, ISO 8601 (default 2025-01-01T00:00:00Z).", CustomParser = TimeArguments.Parse };
        var shards = new Option<int>("--shards", "-k") { Description = "Number of files to write (default 1).", DefaultValueFactory = _ => 1 };
        var dialect = new Option<string>("--dialect")
        {
            Description = "Write the same requests as article (default), litellm, otlp (4 spans per line) or openai-batch lines.",
            DefaultValueFactory = _ => "article",
        };
        dialect.AcceptOnlyFromAmong([.. LogDialectNames.All]);

        // Checked while parsing, so the error names the option as typed (one line, exit 2, like every usage error).
        lines.Validators.Add(r => Require(r, r.GetValueOrDefault<long>() >= 0, $"--lines must be 0 or more (was {r.GetValueOrDefault<long>()})"));
        shards.Validators.Add(r => Require(r, r.GetValueOrDefault<int>() >= 1, $"--shards must be at least 1 (was {r.GetValueOrDefault<int>()})"));
        hours.Validators.Add(r => Require(r, r.GetValueOrDefault<int>() >= 1, $"--hours must be at least 1 (was {r.GetValueOrDefault<int>()})"));
        averageBytes.Validators.Add(r => Require(r, r.GetValueOrDefault<int>() >= 0, $"--avg-bytes must be 0 (natural) or more (was {r.GetValueOrDefault<int>()})"));
        brokenShare.Validators.Add(r =>
        {
            double share = r.GetValueOrDefault<double>();
            Require(r, share is >= 0 and <= 1, string.Create(CultureInfo.InvariantCulture, $"--broken-share must be a share between 0 and 1 (was {share})"));
        });

        var command = new Command("generate", "Write realistic sample JSONL logs (mixed Chinese/English, skewed lengths and latencies, a share of every flag).")
        {
            lines, output, seed, gzip, averageBytes, brokenShare, hours, start, shards, dialect,
        };

        command.SetAction(parse =>
        {
            long lineCount = parse.GetValue(lines);
            int shardCount = parse.GetValue(shards);
            // Lines after 2100-01-01 would be rejected by our own parser: refuse a span that runs past the supported times.
            var first = parse.GetValue(start) ?? new GeneratorOptions().Start;
            int hourCount = parse.GetValue(hours);
            if (hourCount > 0 && (SupportedTimes.Latest - first).TotalHours < hourCount)
            {
                return CliErrors.Fail(Console.Error, $"--start plus --hours {hourCount} ends after the supported times {SupportedTimes.Description}; start earlier or span fewer hours");
            }

            string path = parse.GetValue(output)!;
            bool compress = parse.GetValue(gzip);
            var files = ShardPaths(path, shardCount, compress);
            var written = new List<(string Path, GenerationSummary Summary)>();
            var target = DialectOption.Value(parse.GetValue(dialect));
            long convertedBytes = 0;
            try
            {
                if (Path.GetDirectoryName(Path.GetFullPath(path)) is { } folder)
                {
                    Directory.CreateDirectory(folder);
                }

                for (int i = 0; i < shardCount; i++)
                {
                    var options = new GeneratorOptions
                    {
                        Seed = parse.GetValue(seed) + i,
                        Hours = parse.GetValue(hours),
                        Start = first,
                        TargetAverageLineBytes = parse.GetValue(averageBytes),
                        BrokenLineShare = parse.GetValue(brokenShare),
                    };

                    // The first (lines mod K) shards take one line more, so the total is exact.
                    long shardLines = (lineCount / shardCount) + (i < lineCount % shardCount ? 1 : 0);
                    if (target is null or LogDialect.Article)
                    {
                        written.Add((files[i], new SampleLogGenerator(options).WriteFile(files[i], shardLines, compress)));
                        continue;
                    }

                    // The same requests, generated in the article's schema and rewritten line by line into the dialect.
                    string article = files[i] + ".article.tmp";
                    try
                    {
                        written.Add((files[i], new SampleLogGenerator(options).WriteFile(article, shardLines)));
                        convertedBytes += DialectLineWriter.ConvertFile(article, files[i], target.Value, compress);
                    }
                    finally
                    {
                        File.Delete(article);
                    }
                }
            }
            catch (ArgumentException ex)
            {
                return CliErrors.Fail(Console.Error, ex.Message);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                return CliErrors.Fail(Console.Error, $"cannot write {path}: {ex.Message}");
            }

            long total = written.Sum(w => w.Summary.Lines);
            long bytes = target is null or LogDialect.Article ? written.Sum(w => w.Summary.Bytes) : convertedBytes;
            var expected = ExpectedCounts.Of(total, written.Select(w => w.Summary));
            string unit = target == LogDialect.Otlp ? "requests as spans" : "lines";
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generated {total:N0} {unit} (analyze counts {expected.Accepted:N0} accepted, {expected.Rejected:N0} rejected, {expected.Blank:N0} blank; {expected.CrLf:N0} accepted line(s) end in CRLF), {bytes:N0} bytes uncompressed, in {written.Count} file(s): {string.Join(", ", written.Select(w => w.Path))}"));
            return CliErrors.Success;
        });
        return command;
    }

    /// <summary>The file names: FILE itself for one shard, else FILE's stem + "-0001.jsonl" (".jsonl.gz" with gzip) and so on.</summary>
    internal static IReadOnlyList<string> ShardPaths(string path, int shards, bool gzip)
    {
        if (shards == 1)
        {
            return [path];
        }

        string stem = path;
        foreach (string extension in new[] { ".gz", ".jsonl", ".ndjson" })
        {
            if (stem.EndsWith(extension, StringComparison.OrdinalIgnoreCase))
            {
                stem = stem[..^extension.Length];
            }
        }

        string suffix = gzip ? ".jsonl.gz" : ".jsonl";
        return [.. Enumerable.Range(1, shards).Select(i => string.Create(CultureInfo.InvariantCulture, $"{stem}-{i:D4}{suffix}"))];
    }
}
