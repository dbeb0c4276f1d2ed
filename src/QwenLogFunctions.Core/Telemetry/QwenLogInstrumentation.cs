using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Core.Telemetry;

/// <summary>
/// The product's one <see cref="Meter"/> and <see cref="ActivitySource"/>, both named "QwenLogFunctions", and every
/// instrument, created once. Names follow the OpenTelemetry GenAI semantic conventions where one exists
/// (gen_ai.server.request.duration, gen_ai.server.time_to_first_token, gen_ai.client.token.usage), with their units
/// (seconds, {token}) and recommended bucket boundaries. Tags are low-cardinality: model (capped), flag, shard status;
/// never request ids or shard names. Register as a singleton; ingestion calls <see cref="RecordRequest"/> per accepted
/// request and <see cref="RecordShard"/> per shard.
/// </summary>
public sealed class QwenLogInstrumentation : IDisposable
{
    /// <summary>Name of the Meter and the ActivitySource (what exporters subscribe to).</summary>
    public const string Name = "QwenLogFunctions";

    /// <summary>Distinct model tag values kept before the rest are reported as "other" (log lines are untrusted input).</summary>
    public const int MaxModelTagValues = 50;

    /// <summary>Model tag value once <see cref="MaxModelTagValues"/> is reached.</summary>
    public const string OtherModel = "other";

    private static readonly KeyValuePair<string, object?> OperationChat = new("gen_ai.operation.name", "chat");

    private readonly ConcurrentDictionary<string, string> _models = new(StringComparer.Ordinal);
    private readonly Counter<long> _linesIngested;
    private readonly Counter<long> _linesRejected;
    private readonly Counter<long> _requestsFlagged;
    private readonly Counter<long> _shardsReconciled;
    private readonly Histogram<double> _requestDuration;
    private readonly Histogram<double> _timeToFirstToken;
    private readonly Histogram<long> _tokenUsage;
    private readonly Histogram<double> _decodeSpeed;
    private readonly Histogram<double> _ingestDuration;

    /// <summary>Creates the instruments on a Meter of its own (CLI, tests).</summary>
    public QwenLogInstrumentation()
        : this(new Meter(Name, Version))
    {
    }

    /// <summary>Creates the instruments on a Meter from <paramref name="meterFactory"/> (the DI way; the factory owns the Meter).</summary>
    public QwenLogInstrumentation(IMeterFactory meterFactory)
        : this((meterFactory ?? throw new ArgumentNullException(nameof(meterFactory))).Create(new MeterOptions(Name) { Version = Version }))
    {
    }

    private QwenLogInstrumentation(Meter meter)
    {
        Meter = meter;
        ActivitySource = new ActivitySource(Name, Version);

        _linesIngested = meter.CreateCounter<long>("qwenlog.lines.ingested", "{line}", "Log lines accepted as requests.");
        _linesRejected = meter.CreateCounter<long>("qwenlog.lines.rejected", "{line}", "Log lines the parser refused.");
        _requestsFlagged = meter.CreateCounter<long>("qwenlog.requests.flagged", "{request}", "Requests carrying a compliance or quality flag, per flag.");
        _shardsReconciled = meter.CreateCounter<long>("qwenlog.reconcile.shards", "{shard}", "Shards Reconcile found behind the ledger and ingested, by outcome.");
        _requestDuration = meter.CreateHistogram("gen_ai.server.request.duration", "s", "Total latency of the analyzed requests, as logged.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.01, 0.02, 0.04, 0.08, 0.16, 0.32, 0.64, 1.28, 2.56, 5.12, 10.24, 20.48, 40.96, 81.92] });
        _timeToFirstToken = meter.CreateHistogram("gen_ai.server.time_to_first_token", "s", "First-token latency of the analyzed requests, as logged.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.001, 0.005, 0.01, 0.02, 0.04, 0.06, 0.08, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5, 10.0] });
        _tokenUsage = meter.CreateHistogram<long>("gen_ai.client.token.usage", "{token}", "Prompt (input) and completion (output) tokens per request.",
            advice: new InstrumentAdvice<long> { HistogramBucketBoundaries = [1, 4, 16, 64, 256, 1024, 4096, 16384, 65536, 262144, 1048576, 4194304, 16777216, 67108864] });
        _decodeSpeed = meter.CreateHistogram("qwenlog.decode.speed", "{token}/s", "Decode speed excluding the first-token wait.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [5, 10, 20, 30, 40, 50, 60, 80, 100, 120, 150, 200, 300, 500, 1000] });
        _ingestDuration = meter.CreateHistogram("qwenlog.ingest.duration", "s", "Time to ingest one shard, by outcome.",
            advice: new InstrumentAdvice<double> { HistogramBucketBoundaries = [0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600] });
    }

    /// <summary>Version reported with the Meter and ActivitySource.</summary>
    public static string Version { get; } = typeof(QwenLogInstrumentation).Assembly.GetName().Version?.ToString() ?? "0.0.0";

    /// <summary>The product's Meter.</summary>
    public Meter Meter { get; }

    /// <summary>The product's ActivitySource (spans: ingest a shard, aggregate, evaluate alerts).</summary>
    public ActivitySource ActivitySource { get; }

    /// <summary>Records one accepted request: latency, first-token latency, tokens, decode speed and its flags.</summary>
    public void RecordRequest(in RequestMetrics request)
    {
        var model = new KeyValuePair<string, object?>("gen_ai.request.model", ModelTag(request.Model));
        if (request.HasLatency)
        {
            _requestDuration.Record(request.TotalLatencyMs / 1000.0, model, OperationChat);
        }

        if (request.HasFirstTokenLatency)
        {
            _timeToFirstToken.Record(request.FirstTokenLatencyMs / 1000.0, model, OperationChat);
        }

        _tokenUsage.Record(request.PromptTokens, model, OperationChat, new("gen_ai.token.type", "input"));
        _tokenUsage.Record(request.CompletionTokens, model, OperationChat, new("gen_ai.token.type", "output"));
        if (request.TryGetDecodeSpeed(out double tokensPerSecond))
        {
            _decodeSpeed.Record(tokensPerSecond, model);
        }

        if (request.Flags != RequestFlags.None)
        {
            foreach (var flag in FlagNames.NamesOf(request.Flags))
            {
                AddFlag(flag, model);
            }
        }
    }

    /// <summary>Records one shard: lines accepted and rejected, and how long it took, tagged with its outcome (<see cref="ShardStatus"/>).</summary>
    public void RecordShard(long acceptedLines, long rejectedLines, TimeSpan duration, string status)
    {
        ArgumentException.ThrowIfNullOrEmpty(status);
        var statusTag = new KeyValuePair<string, object?>("status", status);
        if (acceptedLines > 0)
        {
            _linesIngested.Add(acceptedLines, statusTag);
        }

        if (rejectedLines > 0)
        {
            _linesRejected.Add(rejectedLines, statusTag);
        }

        _ingestDuration.Record(duration.TotalSeconds, statusTag);
    }

    /// <summary>Records one shard Reconcile caught up (the blob trigger had missed it), tagged with its outcome (<see cref="ShardStatus"/>).</summary>
    public void RecordReconciled(string status)
    {
        ArgumentException.ThrowIfNullOrEmpty(status);
        _shardsReconciled.Add(1, new KeyValuePair<string, object?>("status", status));
    }

    /// <summary>Starts a span for ingesting one shard (span attributes may name the shard; metrics never do).</summary>
    public Activity? StartShardActivity(string shard)
    {
        var activity = ActivitySource.StartActivity("IngestShard");
        activity?.SetTag("qwenlog.shard", shard);
        return activity;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        ActivitySource.Dispose();
        Meter.Dispose();
    }

    private void AddFlag(string flag, KeyValuePair<string, object?> model) =>
        _requestsFlagged.Add(1, new KeyValuePair<string, object?>("flag", flag), model);

    private string ModelTag(string model)
    {
        if (_models.TryGetValue(model, out var tag))
        {
            return tag;
        }

        // A racing add may let the set overshoot the cap by a few values; that is fine for a cardinality guard.
        return _models.Count >= MaxModelTagValues ? OtherModel : _models.GetOrAdd(model, model);
    }
}
