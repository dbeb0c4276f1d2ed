using System.Diagnostics;
using System.Globalization;
using QwenLogFunctions.Generation;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Statistics;

// Benchmark driver: "generate" writes sample shards, "analyze" times the analyze fast path on one. See bench/README.md.
return args.Length > 0 && args[0] == "generate" ? Generate(args[1..])
    : args.Length > 0 && args[0] == "analyze" ? Analyze(args[1..])
    : args.Length > 0 && args[0] == "rules" ? Rules(args[1..])
    : Usage();

static int Usage()
{
    Console.Error.WriteLine("""
        usage:
          generate --lines N --out FILE [--seed S] [--gzip] [--avg-bytes B] [--broken-share X] [--hours H] [--start ISO8601]
          analyze FILE [--repeat K]
          rules FILE [--lines N] [--repeat K]
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

// One thread, no pipeline: the per-line work (parse + every rule) on lines held in memory, then the input and output
// rules alone, and a digest of every line's flags so that a speed change can be checked not to change a detection.
static int Rules(string[] args)
{
    if (args.Length == 0 || args[0].StartsWith("--", StringComparison.Ordinal))
    {
        return Usage();
    }

    var options = Options.Parse(args[1..], flags: []);
    int maxLines = int.Parse(options.GetValueOrDefault("--lines", "100000"), CultureInfo.InvariantCulture);
    int repeat = int.Parse(options.GetValueOrDefault("--repeat", "3"), CultureInfo.InvariantCulture);
    var lines = new List<byte[]>();
    using (var stream = File.OpenRead(args[0]))
    {
        var reader = new StreamReader(stream, System.Text.Encoding.UTF8);
        while (lines.Count < maxLines && reader.ReadLine() is { } line)
        {
            lines.Add(System.Text.Encoding.UTF8.GetBytes(line));
        }
    }

    var analyzerOptions = new AnalyzerOptions();
    var rules = new QwenLogFunctions.Core.Rules.ComplianceRules(analyzerOptions.Rules);
    var processor = new LineProcessor(analyzerOptions, rules);
    var inputs = new List<string>(lines.Count);
    var outputs = new List<string>(lines.Count);
    for (int run = 0; run < repeat; run++)
    {
        var digest = new System.IO.Hashing.XxHash64();
        // CPU time, not wall time: on a shared, loaded machine the thread waits for a core and a stopwatch counts that.
        var stopwatch = CpuStopwatch.StartNew();
        foreach (byte[] line in lines)
        {
            var outcome = processor.Process(line, out var metrics, out ulong hash, out _);
            digest.Append(BitConverter.GetBytes((ulong)metrics.Flags | ((ulong)outcome << 40)));
            digest.Append(BitConverter.GetBytes(hash));
            if (run == 0)
            {
                inputs.Add(processor.Parsed.InputSpan.ToString());
                outputs.Add(processor.Parsed.OutputSpan.ToString());
            }
        }

        double all = stopwatch.Elapsed.TotalSeconds;
        stopwatch.Restart();
        int flagged = 0;
        foreach (string input in inputs)
        {
            flagged += rules.EvaluateInput(input) == QwenLogFunctions.Core.Records.RequestFlags.None ? 0 : 1;
        }

        double inputSeconds = stopwatch.Elapsed.TotalSeconds;
        stopwatch.Restart();
        foreach (string output in outputs)
        {
            flagged += rules.EvaluateOutput(output, jsonMode: false, functionCalling: false, finishedByLength: false, out _) == QwenLogFunctions.Core.Records.RequestFlags.None ? 0 : 1;
        }

        double outputSeconds = stopwatch.Elapsed.TotalSeconds;
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"run {run + 1}: {lines.Count:N0} lines; per line {all / lines.Count * 1e6:F2} µs (parse + rules); input rules {inputSeconds / lines.Count * 1e6:F2} µs; " +
            $"output rules {outputSeconds / lines.Count * 1e6:F2} µs; flagged texts {flagged:N0}; flags digest {digest.GetCurrentHashAsUInt64():x16}"));
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

/// <summary>This process's CPU time (user + system) since the last restart: the driver's measured work runs on one thread.</summary>
internal sealed class CpuStopwatch
{
    private TimeSpan _start = Now();

    public TimeSpan Elapsed => Now() - _start;

    public static CpuStopwatch StartNew() => new();

    public void Restart() => _start = Now();

    private static TimeSpan Now() => Process.GetCurrentProcess().TotalProcessorTime;
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
