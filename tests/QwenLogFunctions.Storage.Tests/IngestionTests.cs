using Azure.Data.Tables;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Storage.Ingestion;
using QwenLogFunctions.Storage.Shards;
using QwenLogFunctions.Storage.Tables;
using QwenLogFunctions.Storage.Tests.Support;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

[Collection(AzuriteTests.CollectionName)]
public sealed class IngestionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Ingest_writes_rows_rejects_ledger_and_partials_and_the_same_version_again_changes_nothing()
    {
        var harness = new StorageHarness(azurite);
        string text = SampleShard.Text(seed: 1, lines: 600);
        byte[] gz = SampleShard.Bytes(text, gzip: true);
        var expected = await ReadEntriesAsync(harness.Analyzer, text);

        var first = await harness.IngestAsync("2025/01/15/node-a.jsonl.gz", gz, "v1");

        Assert.Equal(IngestOutcome.Ingested, first.Outcome);
        Assert.Equal(expected.OfType<AcceptedEntry>().Count(), first.Lines.Accepted);
        Assert.Equal(expected.OfType<RejectedEntry>().Count(), first.Lines.Rejected);
        Assert.Equal(expected.OfType<BlankEntry>().Count(), first.Lines.Blank);
        Assert.True(first.Lines.Rejected > 0 && first.Lines.Blank > 0);
        Assert.Equal(2, first.Hours.Count);

        var status = await harness.Status.GetAsync("2025/01/15/node-a.jsonl.gz", 1000, CancellationToken.None);
        Assert.NotNull(status);
        Assert.Equal(ShardIngestStatus.Succeeded, status.Status);
        Assert.Equal(first.Lines, status.Lines);
        Assert.Equal("v1", status.BlobVersion);
        Assert.Equal(1, status.Attempts);
        Assert.Equal(expected.OfType<RejectedEntry>().Select(r => r.LineNumber), status.Rejects.Select(r => r.Line));
        Assert.All(status.Rejects, r => Assert.False(string.IsNullOrEmpty(r.Reason)));

        // One request row per accepted line, and one flag-index row per flag it carries.
        var rows = await harness.DumpAsync();
        long flagCopies = expected.OfType<AcceptedEntry>().Sum(a => FlagNames.NamesOf(a.Record.Metrics.Flags).Count());
        Assert.Equal(first.Lines.Accepted + flagCopies, rows.Count(r => r.StartsWith(harness.Tables.RequestsTablePrefix + "202501|", StringComparison.Ordinal)));
        Assert.Contains(rows, r => r.StartsWith(harness.Tables.Partials.Name + "|", StringComparison.Ordinal) && r.Contains("Stats=", StringComparison.Ordinal));

        // A trigger that fires twice: the ledger short-cuts it; a forced re-run rewrites the same keys with the same values.
        var again = await harness.IngestAsync("2025/01/15/node-a.jsonl.gz", gz, "v1");
        Assert.Equal(IngestOutcome.AlreadyIngested, again.Outcome);
        var forced = await harness.IngestAsync("2025/01/15/node-a.jsonl.gz", gz, "v1", force: true);
        Assert.Equal(IngestOutcome.Ingested, forced.Outcome);
        Assert.Equal(rows, await harness.DumpAsync());
        var afterForce = await harness.Status.GetAsync("2025/01/15/node-a.jsonl.gz", 0, CancellationToken.None);
        Assert.Equal(2, afterForce!.Attempts);
    }

    [Fact]
    public async Task A_reuploaded_shard_replaces_its_previous_contribution()
    {
        var harness = new StorageHarness(azurite);
        const string name = "node-b.jsonl";
        byte[] v1 = SampleShard.Bytes(SampleShard.Text(seed: 2, lines: 400, startSeconds: SampleShard.BaseTime, spanSeconds: 3 * 3600), gzip: false);
        byte[] v2 = SampleShard.Bytes(SampleShard.Text(seed: 3, lines: 150, startSeconds: SampleShard.BaseTime + (5 * 3600), spanSeconds: 1800), gzip: false);

        await harness.IngestAsync(name, v2, "v2");
        var onlyV2 = await harness.DumpAsync();

        var other = new StorageHarness(azurite);
        await other.IngestAsync(name, v1, "v1");
        var replaced = await other.IngestAsync(name, v2, "v2");

        Assert.Equal(IngestOutcome.Ingested, replaced.Outcome);
        Assert.Single(replaced.Hours);

        // Same rows as if v1 had never been there (table names differ only by prefix).
        var afterReplace = await other.DumpAsync();
        Assert.Equal(
            onlyV2.Select(r => r.Replace(harness.Options.TablePrefix, "P", StringComparison.Ordinal)),
            afterReplace.Select(r => r.Replace(other.Options.TablePrefix, "P", StringComparison.Ordinal)));
        var status = await other.Status.GetAsync(name, 10, CancellationToken.None);
        Assert.Equal(replaced.Lines, status!.Lines);
        Assert.Single(status.Hours);
    }

    [Fact]
    public async Task Unusual_request_ids_round_trip_and_skipped_names_are_recorded()
    {
        var harness = new StorageHarness(azurite);
        string longId = new('x', 5000);
        string[] ids = ["a/b#c?d\\e", "tab\there\u0001\u001f\u007fend", longId, "中文/ключ|%41"];
        var entries = ids.Select((id, i) => (ShardEntry)new AcceptedEntry(i + 1, Record("odd.jsonl", i + 1, id, RequestFlags.EmptyResponse))).ToList();

        await harness.Ingestion.IngestEntriesAsync("odd.jsonl", "v1", entries.ToAsyncEnumerable(), CancellationToken.None);

        var page = await harness.Requests.QueryAsync(new Queries.RequestQuery(DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime), Flag: "empty_response"), CancellationToken.None);
        Assert.Equal(ids.Order(StringComparer.Ordinal), page.Requests.Select(r => r.RequestId).Order(StringComparer.Ordinal));
        Assert.Contains(page.Requests, r => r.RequestIdLength == 5000);

        var skipped = await harness.Ingestion.RecordSkippedAsync("readme.txt", CancellationToken.None);
        Assert.Equal(IngestOutcome.Skipped, skipped.Outcome);
        var status = await harness.Status.GetAsync("readme.txt", 0, CancellationToken.None);
        Assert.Equal(ShardIngestStatus.Skipped, status!.Status);
    }

    [Fact]
    public async Task A_failing_shard_ends_Failed_with_its_error_in_the_ledger()
    {
        var harness = new StorageHarness(azurite);
        await Assert.ThrowsAsync<InvalidOperationException>(() =>
            harness.Ingestion.IngestEntriesAsync("bad.jsonl", "v1", Failing(), CancellationToken.None));

        var status = await harness.Status.GetAsync("bad.jsonl", 0, CancellationToken.None);
        Assert.Equal(ShardIngestStatus.Failed, status!.Status);
        Assert.Contains("disk on fire", status.LastError, StringComparison.Ordinal);
        Assert.Equal(1, status.Attempts);

        static async IAsyncEnumerable<ShardEntry> Failing()
        {
            yield return new AcceptedEntry(1, Record("bad.jsonl", 1, "r1", RequestFlags.None));
            await Task.Yield();
            throw new InvalidOperationException("disk on fire");
        }
    }

    [Fact]
    public async Task When_the_failure_cannot_be_recorded_the_caller_still_gets_the_original_exception()
    {
        // Recording the failure needs the error's text; here producing it fails too. The caller must still see the
        // shard's own exception, not the handler's.
        var harness = new StorageHarness(azurite);
        await Assert.ThrowsAsync<TextlessException>(() =>
            harness.Ingestion.IngestEntriesAsync("unrecordable.jsonl", "v1", Failing(), CancellationToken.None));

        // The ledger update really failed (so the handler's own failure was in play): the row still says Processing.
        var status = await harness.Status.GetAsync("unrecordable.jsonl", 0, CancellationToken.None);
        Assert.Equal(ShardIngestStatus.Processing, status!.Status);

        static async IAsyncEnumerable<ShardEntry> Failing()
        {
            yield return new AcceptedEntry(1, Record("unrecordable.jsonl", 1, "r1", RequestFlags.None));
            await Task.Yield();
            throw new TextlessException();
        }
    }

    internal static RequestRecord Record(string shard, long line, string requestId, RequestFlags flags) => new()
    {
        Shard = shard,
        LineNumber = line,
        RequestId = requestId,
        Level = "INFO",
        Metrics = new RequestMetrics(SampleShard.BaseTime + line, "qwen", "gpu", 10, 20, 100 + line, 10, (flags & RequestFlags.EmptyResponse) == 0, false, flags),
        InputSha256 = new string('0', 64),
        OutputSha256 = new string('1', 64),
        InputPreview = "in",
        OutputPreview = "out",
    };

    private static async Task<List<ShardEntry>> ReadEntriesAsync(AnalyzerOptions options, string text)
    {
        var entries = new List<ShardEntry>();
        await foreach (var entry in new DetailedShardReader(options).ReadAsync(new MemoryStream(System.Text.Encoding.UTF8.GetBytes(text)), "x"))
        {
            entries.Add(entry);
        }

        return entries;
    }
}

/// <summary>An exception whose message cannot be produced, so the ledger cannot record it.</summary>
internal sealed class TextlessException : Exception
{
    public override string Message => throw new FormatException("this exception has no text");
}
