using System.CommandLine;
using System.Globalization;
using QwenLogFunctions.Core.Generation;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Cli.Commands;

/// <summary>
/// <c>generate --lines N --out FILE</c>: realistic sample logs (<see cref="SampleLogGenerator"/>), deterministic for a
/// seed. With <c>--shards K</c> the lines are split over K files FILE-0001.jsonl… that cover the same hours, like
/// K servers logging side by side; shard i uses seed S + i - 1, so one shard with seed S equals a single-file run.
/// </summary>
internal static class GenerateCommand
{
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

        var command = new Command("generate", "Write realistic sample JSONL logs (mixed Chinese/English, skewed lengths and latencies, a share of every flag).")
        {
            lines, output, seed, gzip, averageBytes, brokenShare, hours, start, shards,
        };

        command.SetAction(parse =>
        {
            long lineCount = parse.GetValue(lines);
            int shardCount = parse.GetValue(shards);
            if (lineCount < 0 || shardCount < 1)
            {
                return CliErrors.Fail(Console.Error, "--lines must not be negative and --shards must be at least 1");
            }

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
                    written.Add((files[i], new SampleLogGenerator(options).WriteFile(files[i], shardLines, compress)));
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

            long total = written.Sum(w => w.Summary.Lines), bytes = written.Sum(w => w.Summary.Bytes);
            long broken = written.Sum(w => w.Summary.BrokenLines.Values.Sum());
            Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                $"generated {total:N0} lines ({broken:N0} broken), {bytes:N0} bytes uncompressed, in {written.Count} file(s): {string.Join(", ", written.Select(w => w.Path))}"));
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
