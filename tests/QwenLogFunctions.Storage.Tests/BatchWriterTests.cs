using Azure.Data.Tables;
using QwenLogFunctions.Storage.Tables;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests;

/// <summary>The batch writer keeps a bounded number of rows waiting for their partition's batch to fill, against Azurite.</summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class BatchWriterTests(AzuriteFixture azurite)
{
    [Fact]
    public async Task Rows_waiting_in_many_partial_partitions_stay_under_the_bound_and_all_arrive()
    {
        // A long shard's pattern: many (hour, flag) partitions that each get a few rows and never fill a batch.
        var tables = new QwenTables(azurite.TableService, AzuriteFixture.UniqueName("w"));
        var table = tables.Requests("202501");
        await tables.EnsureAsync(table, CancellationToken.None);
        const int Partitions = 300, RowsEach = 30, Bound = 1_000;
        int peak = 0;
        using (var writer = new BatchWriter(tables, 4, CancellationToken.None, Bound))
        {
            for (int row = 0; row < RowsEach; row++)
            {
                for (int partition = 0; partition < Partitions; partition++)
                {
                    await writer.AddAsync(table, new TableEntity($"p{partition:D4}", $"r{row:D4}") { ["Value"] = row });
                    peak = Math.Max(peak, writer.PendingActions);
                }
            }

            await writer.FlushAsync();
            Assert.Equal(Partitions * RowsEach, writer.Written);
        }

        Assert.InRange(peak, 1, Bound);
        int stored = 0;
        await foreach (var _ in table.QueryAsync<TableEntity>(select: ["RowKey"]))
        {
            stored++;
        }

        Assert.Equal(Partitions * RowsEach, stored);
    }
}
