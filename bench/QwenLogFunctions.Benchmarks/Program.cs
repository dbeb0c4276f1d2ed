using System.Diagnostics;
using System.Globalization;
using QwenLogFunctions.Generation;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Statistics;

// Benchmark driver: "generate" writes sample shards, "analyze" times the analyze fast path on one. See bench/README.md.
return args.Length > 0 && args[0] == "generate" ? Generate(args[1..])
    : args.Length > 0 && args[0] == "analyze" ? Analyze(args[1..])
    : Usage();

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          generate --lines N --out FILE [--seed S] [--gzip] [--avg-bytes B] [--broken-share X] [--hours H] [--start ISO8601]
          analyze FILE [--repeat K]
        """);
    return 2;
}

static int Generate(string[] args)
{
    var options = Options.Parse(args, flags: ["--gzip"]);
    if (!options.TryGetValue("--lines", out string? lines) || !options.TryGetValue("--out", out string? output))
    {
        return Usage();
    }

    var generatorOptions = new GeneratorOptions
    {
        Seed = long.Parse(options.GetValueOrDefault("--seed", "42"), CultureInfo.InvariantCulture),
        TargetAverageLineBytes = int.Parse(options.GetValueOrDefault("--avg-bytes", "0"), CultureInfo.InvariantCulture),
        BrokenLineShare = double.Parse(options.GetValueOrDefault("--broken-share", "0"), CultureInfo.InvariantCulture),
        Hours = int.Parse(options.GetValueOrDefault("--hours", "24"), CultureInfo.InvariantCulture),
        Start = DateTimeOffset.Parse(options.GetValueOrDefault("--start", "2025-01-01T00:00:00Z"), CultureInfo.InvariantCulture),
    };

    var stopwatch = Stopwatch.StartNew();
    GenerationSummary summary = new SampleLogGenerator(generatorOptions)
        .WriteFile(output, long.Parse(lines, CultureInfo.InvariantCulture), options.ContainsKey("--gzip"));
    double seconds = stopwatch.Elapsed.TotalSeconds;

    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"wrote {summary.Lines:N0} lines, {summary.Bytes / 1e6:F1} MB uncompressed ({summary.AverageLineBytes:F0} bytes/line) to {output} in {seconds:F2} s ({summary.Bytes / 1e6 / seconds:F0} MB/s)"));
    Console.WriteLine("outputs: " + string.Join(", ", summary.Outputs.Select(p => $"{p.Key}={p.Value}")));
    Console.WriteLine("inputs:  " + string.Join(", ", summary.Inputs.Select(p => $"{p.Key}={p.Value}")));
    Console.WriteLine("broken:  " + string.Join(", ", summary.BrokenLines.Select(p => $"{p.Key}={p.Value}")));
    return 0;
}

static int Analyze(string[] args)
{
    if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
    {
        return Usage();
    }

    string file = args[0];
    var options = Options.Parse(args[1..], flags: []);
    int repeat = int.Parse(options.GetValueOrDefault("--repeat", "1"), CultureInfo.InvariantCulture);
    if (!File.Exists(file))
    {
        Console.Error.WriteLine($"analyze: no such file: {file}");
        return 1;
    }

    long bytes = new FileInfo(file).Length;
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"{file}: {bytes / 1e6:F1} MB, {Environment.ProcessorCount} cores, server GC {System.Runtime.GCSettings.IsServerGC}"));
    for (int run = 1; run <= repeat; run++)
    {
        int gen0 = GC.CollectionCount(0), gen1 = GC.CollectionCount(1), gen2 = GC.CollectionCount(2);
        var stopwatch = Stopwatch.StartNew();
        ReportAccumulator report = new ShardAnalyzer(new AnalyzerOptions()).Analyze([ShardSource.FromFile(file)], exactPercentiles: true);
        double seconds = stopwatch.Elapsed.TotalSeconds;
        long lines = report.AcceptedLines + report.RejectedLines + report.BlankLines;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run}: {seconds:F2} s, {bytes / 1e6 / seconds:F0} MB/s, {lines / seconds:N0} lines/s " +
            $"(accepted {report.AcceptedLines:N0}, rejected {report.RejectedLines:N0}, blank {report.BlankLines:N0}); " +
            $"GC gen0/1/2 {GC.CollectionCount(0) - gen0}/{GC.CollectionCount(1) - gen1}/{GC.CollectionCount(2) - gen2}; peak RSS {PeakRssMiB():F0} MiB"));
    }

    return 0;
}

// VmHWM is the kernel's high-water mark of this process's resident set: the peak-memory figure the issue asks for.
static double PeakRssMiB()
{
    foreach (string line in File.ReadLines("/proc/self/status"))
    {
        if (line.StartsWith("VmHWM:", StringComparison.Ordinal))
        {
            return long.Parse(line["VmHWM:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) / 1024.0;
        }
    }

    return double.NaN;
}

/// <summary>Parses "--name value" pairs and bare flags.</summary>
internal static class Options
{
    public static Dictionary<string, string> Parse(string[] args, string[] flags)
    {
        var result = new Dictionary<string, string>(StringComparer.Ordinal);
        for (int i = 0; i < args.Length; i++)
        {
            if (flags.Contains(args[i]))
            {
                result[args[i]] = "true";
            }
            else if (args[i].StartsWith("--", StringComparison.Ordinal) && i + 1 < args.Length)
            {
                result[args[i]] = args[++i];
            }
            else
            {
                throw new ArgumentException($"unexpected argument: {args[i]}");
            }
        }

        return result;
    }
}
