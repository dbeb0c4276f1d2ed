using Azure.Data.Tables;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Storage.Queries;
using QwenLogFunctions.Storage.Tests.Support;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

[Collection(AzuriteTests.CollectionName)]
public sealed class DrillDownAndRetentionTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Requests_page_with_continuation_tokens_by_flag_and_model_and_crafted_models_match_nothing()
    {
        var harness = new StorageHarness(azurite);
        var entries = Enumerable.Range(1, 250)
            .Select(i => (ShardEntry)new AcceptedEntry(i, IngestionTests.Record("p.jsonl", i, $"r{i}", i % 5 == 0 ? RequestFlags.Refusal : RequestFlags.None)))
            .ToList();
        await harness.Ingestion.IngestEntriesAsync("p.jsonl", "v1", entries.ToAsyncEnumerable(), CancellationToken.None);
        var hour = DateTimeOffset.FromUnixTimeSeconds(SampleShard.BaseTime);

        var all = await ReadAllAsync(harness, new RequestQuery(hour, PageSize: 40));
        Assert.Equal(250, all.Count);
        Assert.Equal(250, all.Select(r => r.Line).Distinct().Count());

        var refusals = await ReadAllAsync(harness, new RequestQuery(hour, Flag: "refusal", Model: "qwen", PageSize: 7));
        Assert.Equal(50, refusals.Count);
        Assert.All(refusals, r => Assert.Contains("refusal", r.Flags));

        Assert.Empty(await ReadAllAsync(harness, new RequestQuery(hour, Model: "x' or PartitionKey ne '")));

        // A token from the flag query does not steer a query of another flag.
        var first = await harness.Requests.QueryAsync(new RequestQuery(hour, Flag: "refusal", PageSize: 7), CancellationToken.None);
        await Assert.ThrowsAsync<QueryValidationException>(() =>
            harness.Requests.QueryAsync(new RequestQuery(hour, Flag: "empty_response", ContinuationToken: first.ContinuationToken), CancellationToken.None));
    }

    [Fact]
    public async Task Retention_drops_whole_months_older_than_the_setting_and_keeps_the_rest()
    {
        var harness = new StorageHarness(azurite, retentionDays: 40);
        var thisMonth = DateTimeOffset.UtcNow.ToString("yyyyMM", System.Globalization.CultureInfo.InvariantCulture);
        foreach (var table in new[] { harness.Tables.Requests("202001"), harness.Tables.Rejects("202001"), harness.Tables.Requests(thisMonth) })
        {
            await table.CreateIfNotExistsAsync();
        }

        var dropped = await harness.Retention.ApplyAsync(CancellationToken.None);

        Assert.Equal([harness.Tables.Rejects("202001").Name, harness.Tables.Requests("202001").Name], dropped.Order(StringComparer.Ordinal));
        var left = new List<string>();
        await foreach (var table in harness.Service.QueryAsync(TableServiceClient.CreateQueryFilter($"TableName ge {harness.Options.TablePrefix} and TableName lt {harness.Options.TablePrefix + "~"}")))
        {
            left.Add(table.Name);
        }

        Assert.Equal([harness.Tables.Requests(thisMonth).Name], left);
    }

    private static async Task<List<RequestSummary>> ReadAllAsync(StorageHarness harness, RequestQuery query)
    {
        var rows = new List<RequestSummary>();
        string? token = null;
        do
        {
            var page = await harness.Requests.QueryAsync(query with { ContinuationToken = token }, CancellationToken.None);
            Assert.True(page.Requests.Count <= query.PageSize);
            rows.AddRange(page.Requests);
            token = page.ContinuationToken;
        }
        while (token is not null);
        return rows;
    }
}
