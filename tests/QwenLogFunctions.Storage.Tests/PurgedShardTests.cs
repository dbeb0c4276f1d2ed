using QwenLogFunctions.Storage.Ingestion;
using QwenLogFunctions.Storage.Queries;
using QwenLogFunctions.Storage.Shards;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>
/// A purge leaves the blob where it is, and a trigger may run again for it at any time (at least once): the version
/// that was purged must stay purged. A late trigger of the Functions host, after the purge had finished, brought every
/// row of such a shard back (seen under the real host: the shard's status went from purged to succeeded, attempt 2).
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class PurgedShardTests(AzuriteFixture azurite)
{
    private static readonly DateTimeOffset From = DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime);

    [Fact]
    public async Task The_purged_version_is_not_ingested_again_unless_forced_and_a_new_version_is()
    {
        var harness = new StorageHarness(azurite);
        byte[] content = SampleShard.Bytes(SampleShard.Text(seed: 21, lines: 200), gzip: false);
        await harness.IngestAsync("p.jsonl", content, "v1");
        Assert.True(await harness.Purge.PurgeAsync("p.jsonl", CancellationToken.None));
        var tablesAfterPurge = await harness.DumpAsync();

        // The same version again, as a repeated trigger sends it: nothing read, nothing written, still purged.
        var again = await harness.IngestAsync("p.jsonl", content, "v1");
        Assert.Equal(IngestOutcome.Purged, again.Outcome);
        Assert.Equal(0, again.RowsWritten);
        Assert.Equal(tablesAfterPurge, await harness.DumpAsync());
        Assert.Equal(ShardIngestStatus.Purged, (await harness.Status.GetAsync("p.jsonl", 10, CancellationToken.None))!.Status);

        // Forced, it comes back.
        var forced = await harness.IngestAsync("p.jsonl", content, "v1", force: true);
        Assert.Equal(IngestOutcome.Ingested, forced.Outcome);
        Assert.Equal(ShardIngestStatus.Succeeded, (await harness.Status.GetAsync("p.jsonl", 10, CancellationToken.None))!.Status);

        // Purged again, then a new upload of the name (another version) is ingested as any other.
        Assert.True(await harness.Purge.PurgeAsync("p.jsonl", CancellationToken.None));
        var reuploaded = await harness.IngestAsync("p.jsonl", content, "v2");
        Assert.Equal(IngestOutcome.Ingested, reuploaded.Outcome);
        var rows = await harness.Requests.QueryAsync(new RequestQuery(From, PageSize: 1000), CancellationToken.None);
        Assert.Contains(rows.Requests, r => r.Shard == "p.jsonl");
    }
}
