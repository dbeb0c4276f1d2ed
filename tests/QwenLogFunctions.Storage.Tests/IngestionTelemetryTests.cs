using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using QwenLogFunctions.Core.Telemetry;
using QwenLogFunctions.Storage.Tests.Support;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>
/// Ingestion's metrics and spans. The listener subscribes to this test's own <see cref="QwenLogInstrumentation"/>
/// instance (by Meter reference, not by name), so other tests running in parallel cannot add to its counts.
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class IngestionTelemetryTests(AzuriteFixture azurite)
{
    private static readonly HashSet<string> AllowedTagKeys = new(StringComparer.Ordinal)
    {
        "gen_ai.request.model", "gen_ai.operation.name", "gen_ai.token.type", "flag", "status",
    };

    [Fact]
    public async Task Each_request_and_shard_is_measured_with_low_cardinality_tags_and_each_shard_is_a_span()
    {
        using var instrumentation = new QwenLogInstrumentation();
        using var measurements = new Measurements(instrumentation);
        string shard = AzuriteFixture.UniqueName("telemetry") + ".jsonl";
        using var spans = new Spans(instrumentation);
        var harness = new StorageHarness(azurite, instrumentation: instrumentation);
        var text = SampleShard.Text(seed: 21, lines: 300);

        var first = await harness.IngestAsync(shard, SampleShard.Bytes(text, gzip: false), "v1");
        var again = await harness.IngestAsync(shard, SampleShard.Bytes(text, gzip: false), "v1");
        await harness.Aggregation.AggregateAsync(null, CancellationToken.None);
        var report = await harness.Reports.GetReportAsync(
            DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime), DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime).AddHours(3), null, CancellationToken.None);

        Assert.Equal(first.Lines.Accepted, measurements.Sum("qwenlog.lines.ingested", ("status", "succeeded")));
        Assert.Equal(first.Lines.Rejected, measurements.Sum("qwenlog.lines.rejected", ("status", "succeeded")));
        Assert.True(first.Lines.Rejected > 0);

        // The second call found the version already ingested: timed as skipped, its lines not counted twice.
        Assert.Equal(0, measurements.Sum("qwenlog.lines.ingested", ("status", "skipped")));
        Assert.Equal(["succeeded", "skipped"], measurements.Of("qwenlog.ingest.duration").Select(m => m.Tags["status"]));

        Assert.Equal(first.Lines.Accepted, measurements.Of("gen_ai.server.request.duration").Count);
        Assert.Equal(2 * first.Lines.Accepted, measurements.Of("gen_ai.client.token.usage").Count);
        var flagged = measurements.Of("qwenlog.requests.flagged").GroupBy(m => (string)m.Tags["flag"]!).ToDictionary(g => g.Key, g => (long)g.Sum(m => m.Value));
        Assert.Equal(report.Flags.Where(f => f.Value > 0).OrderBy(f => f.Key, StringComparer.Ordinal), flagged.OrderBy(f => f.Key, StringComparer.Ordinal));

        Assert.All(measurements.All, m => Assert.Subset(AllowedTagKeys, m.Tags.Keys.ToHashSet(StringComparer.Ordinal)));
        Assert.DoesNotContain(measurements.All, m => m.Tags.Values.Any(v => v is string s && (s.Contains(shard, StringComparison.Ordinal) || s.StartsWith("req-", StringComparison.Ordinal))));

        var shardSpans = spans.Stopped.Where(a => (string?)a.GetTagItem("qwenlog.shard") == shard).ToList();
        Assert.Equal(["IngestShard", "IngestShard"], shardSpans.Select(a => a.OperationName));
        Assert.Equal(["succeeded", "skipped"], shardSpans.Select(a => (string?)a.GetTagItem("qwenlog.shard.status")));
        Assert.Equal(again.Lines, first.Lines);
    }

    [Fact]
    public async Task A_failing_shard_is_measured_as_failed_and_its_span_marked_as_an_error()
    {
        using var instrumentation = new QwenLogInstrumentation();
        using var measurements = new Measurements(instrumentation);
        using var spans = new Spans(instrumentation);
        var harness = new StorageHarness(azurite, instrumentation: instrumentation);
        var content = new BreakingStream(SampleShard.Bytes(SampleShard.Text(seed: 22, lines: 50), gzip: false), breakAfter: 2000);

        await Assert.ThrowsAsync<IOException>(() => harness.Ingestion.IngestAsync(content, "broken.jsonl", "v1", CancellationToken.None));

        var duration = Assert.Single(measurements.Of("qwenlog.ingest.duration"));
        Assert.Equal("failed", duration.Tags["status"]);
        Assert.Empty(measurements.Of("qwenlog.lines.ingested"));
        var span = Assert.Single(spans.Stopped);
        Assert.Equal(ActivityStatusCode.Error, span.Status);
        Assert.Equal("failed", span.GetTagItem("qwenlog.shard.status"));
    }

    private sealed record Measurement(string Name, double Value, Dictionary<string, object?> Tags);

    /// <summary>Every measurement of one instrumentation instance's Meter.</summary>
    private sealed class Measurements : IDisposable
    {
        private readonly MeterListener _listener = new();
        private readonly ConcurrentQueue<Measurement> _recorded = new();

        public Measurements(QwenLogInstrumentation instrumentation)
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (ReferenceEquals(instrument.Meter, instrumentation.Meter))
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => Add(instrument, value, tags));
            _listener.Start();
        }

        public IReadOnlyList<Measurement> All => [.. _recorded];

        public List<Measurement> Of(string name) => [.. _recorded.Where(m => m.Name == name)];

        public long Sum(string name, (string Key, string Value) tag) =>
            (long)Of(name).Where(m => Equals(m.Tags.GetValueOrDefault(tag.Key), tag.Value)).Sum(m => m.Value);

        public void Dispose() => _listener.Dispose();

        private void Add(Instrument instrument, double value, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            var copy = new Dictionary<string, object?>(StringComparer.Ordinal);
            foreach (var tag in tags)
            {
                copy[tag.Key] = tag.Value;
            }

            _recorded.Enqueue(new Measurement(instrument.Name, value, copy));
        }
    }

    /// <summary>Every span of one instrumentation instance's ActivitySource, recorded when it stops.</summary>
    private sealed class Spans : IDisposable
    {
        private readonly ConcurrentQueue<Activity> _stopped = new();
        private readonly ActivityListener _listener;

        public Spans(QwenLogInstrumentation instrumentation)
        {
            _listener = new ActivityListener
            {
                ShouldListenTo = source => ReferenceEquals(source, instrumentation.ActivitySource),
                Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
                ActivityStopped = _stopped.Enqueue,
            };
            ActivitySource.AddActivityListener(_listener);
        }

        public IReadOnlyList<Activity> Stopped => [.. _stopped];

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>A stream that fails after a number of bytes, like a connection dropped mid-download.</summary>
    private sealed class BreakingStream(byte[] content, int breakAfter) : MemoryStream(content)
    {
        public override int Read(byte[] buffer, int offset, int count) => Check(base.Read(buffer, offset, Math.Min(count, 512)));

        public override int Read(Span<byte> buffer) => Check(base.Read(buffer[..Math.Min(buffer.Length, 512)]));

        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            ValueTask.FromResult(Read(buffer.Span));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Task.FromResult(Read(buffer, offset, count));

        private int Check(int read)
        {
            if (Position > breakAfter)
            {
                throw new IOException("connection reset (test)");
            }

            return read;
        }
    }
}
