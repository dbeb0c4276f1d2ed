using Azure;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Logging.Abstractions;
using QwenLogFunctions.Pipeline.Ingestion;
using QwenLogFunctions.Storage.Shards;
using QwenLogFunctions.Storage.Tables;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Pipeline.Tests;

/// <summary>Reconcile against Azurite: blobs the trigger missed are ingested, done ones left alone, work bounded, and a trigger at the same moment changes nothing.</summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class ReconciliationTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Blobs_the_ledger_does_not_record_as_done_are_ingested_and_done_ones_are_left_alone()
    {
        var (harness, container, reconcile) = await NewAsync(maxPerRun: 50);
        await UploadAsync(container, "missed-a.jsonl", seed: 1);
        await UploadAsync(container, "missed-b.jsonl.gz", seed: 2, gzip: true);
        await UploadAsync(container, "done.jsonl", seed: 3);
        await UploadAsync(container, "notes.txt", seed: 4);
        await harness.Ingestion.IngestAsync(container.GetBlobClient("done.jsonl"), CancellationToken.None);

        var first = await reconcile.ReconcileAsync(CancellationToken.None);

        Assert.Equal(new ReconcileResult(Listed: 3, CaughtUp: 2, Failed: 0, MoreToDo: false), first);
        foreach (string name in new[] { "missed-a.jsonl", "missed-b.jsonl.gz", "done.jsonl" })
        {
            var status = await harness.Status.GetAsync(name, 0, CancellationToken.None);
            Assert.Equal(ShardIngestStatus.Succeeded, status!.Status);
            Assert.Equal(1, status.Attempts);
        }

        Assert.Null(await harness.Status.GetAsync("notes.txt", 0, CancellationToken.None));

        // Nothing behind any more: the next run ingests nothing. A re-upload (new ETag) is behind again.
        Assert.Equal(new ReconcileResult(3, 0, 0, false), await reconcile.ReconcileAsync(CancellationToken.None));
        await UploadAsync(container, "done.jsonl", seed: 5);
        Assert.Equal(new ReconcileResult(3, 1, 0, false), await reconcile.ReconcileAsync(CancellationToken.None));
        var replaced = await harness.Status.GetAsync("done.jsonl", 0, CancellationToken.None);
        Assert.Equal((await container.GetBlobClient("done.jsonl").GetPropertiesAsync()).Value.ETag.ToString(), replaced!.BlobVersion);
    }

    [Fact]
    public async Task Each_run_ingests_at_most_the_configured_number_of_blobs()
    {
        var (harness, container, reconcile) = await NewAsync(maxPerRun: 2);
        for (int i = 0; i < 5; i++)
        {
            await UploadAsync(container, $"shard-{i}.jsonl", seed: 10 + i, lines: 20);
        }

        Assert.Equal(new ReconcileResult(2, 2, 0, true), await reconcile.ReconcileAsync(CancellationToken.None));
        Assert.Equal(new ReconcileResult(4, 2, 0, true), await reconcile.ReconcileAsync(CancellationToken.None));
        Assert.Equal(new ReconcileResult(5, 1, 0, false), await reconcile.ReconcileAsync(CancellationToken.None));
        var page = await harness.Status.ListAsync(100, ShardIngestStatus.Succeeded, null, CancellationToken.None);
        Assert.Equal(5, page.Shards.Count);
    }

    [Fact]
    public async Task Reconcile_and_the_blob_trigger_on_the_same_blob_at_once_leave_the_same_data_as_one_ingest()
    {
        var (alone, aloneContainer, _) = await NewAsync(maxPerRun: 50);
        await UploadAsync(aloneContainer, "race.jsonl", seed: 42, lines: 600);
        await alone.Ingestion.IngestAsync(aloneContainer.GetBlobClient("race.jsonl"), CancellationToken.None);
        string aloneVersion = (await aloneContainer.GetBlobClient("race.jsonl").GetPropertiesAsync()).Value.ETag.ToString();
        var expected = Normalize(await alone.DumpAsync(), alone.Options.TablePrefix, aloneVersion);

        for (int round = 0; round < 3; round++)
        {
            var (harness, container, reconcile) = await NewAsync(maxPerRun: 50);
            await UploadAsync(container, "race.jsonl", seed: 42, lines: 600);
            var blob = container.GetBlobClient("race.jsonl");

            // The trigger and Reconcile start together. The ledger's ETags let at most one write a version at a time:
            // the loser of a race fails with a conflict (the host retries a trigger; Reconcile tries on its next run).
            var trigger = Task.Run(() => harness.Ingestion.IngestAsync(blob, CancellationToken.None));
            var reconciling = Task.Run(() => reconcile.ReconcileAsync(CancellationToken.None));
            try
            {
                await Task.WhenAll(trigger, reconciling);
            }
            catch (RequestFailedException ex) when (ex.Status is 409 or 412)
            {
                // The trigger lost: its retry.
                await harness.Ingestion.IngestAsync(blob, CancellationToken.None);
            }

            // Whoever lost, one more Reconcile run settles it, and then nothing is behind.
            await reconcile.ReconcileAsync(CancellationToken.None);
            Assert.Equal(new ReconcileResult(1, 0, 0, false), await reconcile.ReconcileAsync(CancellationToken.None));
            string version = (await blob.GetPropertiesAsync()).Value.ETag.ToString();
            Assert.Equal(expected, Normalize(await harness.DumpAsync(), harness.Options.TablePrefix, version));
        }
    }

    [Fact]
    public async Task A_version_that_failed_as_often_as_the_poison_threshold_is_left_for_a_person()
    {
        var (harness, container, reconcile) = await NewAsync(maxPerRun: 50);
        await UploadAsync(container, "poison.jsonl", seed: 50, lines: 20);

        // A ledger whose earlier contribution cannot be removed (its rejects table name is not a valid table name):
        // every attempt fails before writing anything.
        await harness.Tables.EnsureFixedTablesAsync(CancellationToken.None);
        await harness.Tables.Shards.AddEntityAsync(new Azure.Data.Tables.TableEntity(KeyEncoding.ShardKey("poison.jsonl"), "ledger")
        {
            ["ShardName"] = "poison.jsonl", ["Status"] = "Succeeded", ["Attempts"] = 0, ["ContentVersion"] = "an-older-version", ["RejectsTable"] = "1-not-a-table",
        });

        for (int run = 1; run <= Reconciliation.MaxFailedAttempts; run++)
        {
            var result = await reconcile.ReconcileAsync(CancellationToken.None);
            Assert.Equal(new ReconcileResult(1, 0, 1, false), result);
        }

        var status = await harness.Status.GetAsync("poison.jsonl", 100, CancellationToken.None);
        Assert.Equal(ShardIngestStatus.Failed, status!.Status);
        Assert.Empty(status.Rejects);
        Assert.Equal(Reconciliation.MaxFailedAttempts, status.Attempts);
        Assert.False(string.IsNullOrEmpty(status.LastError));
        Assert.Equal(new ReconcileResult(1, 0, 0, false), await reconcile.ReconcileAsync(CancellationToken.None));
    }

    [Fact]
    public async Task A_version_another_attempt_is_processing_is_left_to_it_until_that_attempt_has_timed_out()
    {
        var (harness, container, reconcile) = await NewAsync(maxPerRun: 50);
        await UploadAsync(container, "busy.jsonl", seed: 60, lines: 20);
        string version = (await container.GetBlobClient("busy.jsonl").GetPropertiesAsync()).Value.ETag.ToString();
        await harness.Tables.EnsureFixedTablesAsync(CancellationToken.None);
        var ledger = new Azure.Data.Tables.TableEntity(KeyEncoding.ShardKey("busy.jsonl"), "ledger")
        {
            ["ShardName"] = "busy.jsonl", ["Status"] = "Processing", ["Attempts"] = 1, ["ContentVersion"] = string.Empty,
            ["BlobVersion"] = version, ["StartedAt"] = DateTimeOffset.UtcNow.AddMinutes(-1),
        };
        await harness.Tables.Shards.AddEntityAsync(ledger);

        // A trigger started a minute ago (a large shard takes a while): a second ingestion beside it would make both fail.
        Assert.Equal(new ReconcileResult(1, 0, 0, false), await reconcile.ReconcileAsync(CancellationToken.None));

        // That attempt died long ago (past the function timeout): Reconcile takes the blob.
        ledger["StartedAt"] = DateTimeOffset.UtcNow - Reconciliation.ProcessingTimeout - TimeSpan.FromMinutes(1);
        await harness.Tables.Shards.UpsertEntityAsync(ledger, Azure.Data.Tables.TableUpdateMode.Replace);
        Assert.Equal(new ReconcileResult(1, 1, 0, false), await reconcile.ReconcileAsync(CancellationToken.None));
        Assert.Equal(ShardIngestStatus.Succeeded, (await harness.Status.GetAsync("busy.jsonl", 0, CancellationToken.None))!.Status);
    }

    private async Task<(StorageHarness Harness, BlobContainerClient Container, Reconciliation Reconcile)> NewAsync(int maxPerRun)
    {
        var harness = new StorageHarness(azurite);
        harness.Options.LogsContainer = AzuriteFixture.UniqueName("logs");
        harness.Options.ReconcileMaxBlobsPerRun = maxPerRun;
        var container = azurite.BlobService.GetBlobContainerClient(harness.Options.LogsContainer);
        await container.CreateAsync();
        var options = Microsoft.Extensions.Options.Options.Create(harness.Options);
        var reconcile = new Reconciliation(new ShardInventory(azurite.BlobService, harness.Tables, options), new ShardIngestion(harness.Ingestion),
            options, NullLogger<Reconciliation>.Instance);
        return (harness, container, reconcile);
    }

    private static async Task UploadAsync(BlobContainerClient container, string name, int seed, int lines = 200, bool gzip = false)
    {
        byte[] content = SampleShard.Bytes(SampleShard.Text(seed: seed, lines: lines), gzip);
        await container.GetBlobClient(name).UploadAsync(new BinaryData(content), overwrite: true);
    }

    /// <summary>Rows with the table prefix and the blob's ETag (which differ between the two storages) replaced.</summary>
    private static List<string> Normalize(List<string> rows, string prefix, string version) =>
        [.. rows.Select(r => r.Replace(prefix, "P", StringComparison.Ordinal).Replace(version, "V", StringComparison.Ordinal))];
}
