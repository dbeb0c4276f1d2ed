using Azure.Data.Tables;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Telemetry;
using QwenLogFunctions.Storage;
using QwenLogFunctions.Storage.Aggregation;
using QwenLogFunctions.Storage.Ingestion;
using QwenLogFunctions.Storage.Queries;
using QwenLogFunctions.Storage.Retention;
using QwenLogFunctions.Storage.Shards;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.TestUtility;

/// <summary>The storage services over a fresh table prefix in the shared Azurite, so tests never see each other's rows.</summary>
public sealed class StorageHarness
{
    public StorageHarness(AzuriteFixture azurite, int retentionDays = 0, QwenLogInstrumentation? instrumentation = null, Action<StorageOptions>? configure = null)
    {
        Options = new StorageOptions { TablePrefix = AzuriteFixture.UniqueName("t"), RetentionDays = retentionDays, MaxReportRangeDays = 93 };
        configure?.Invoke(Options);
        Service = azurite.TableService;
        Tables = new QwenTables(Service, Options.TablePrefix);
        var options = Microsoft.Extensions.Options.Options.Create(Options);
        Ingestion = new IngestionService(Tables, Analyzer, options, NullLogger<IngestionService>.Instance, instrumentation: instrumentation);
        Aggregation = new AggregationService(Tables, options, NullLogger<AggregationService>.Instance);
        Reports = new ReportService(Tables, options, Analyzer);
        Requests = new RequestQueryService(Tables);
        AuditSamples = new AuditSampleService(Tables, options);
        Status = new ShardStatusService(Tables);
        Purge = new ShardPurgeService(Tables, options, NullLogger<ShardPurgeService>.Instance);
        Retention = new RetentionService(Tables, options, NullLogger<RetentionService>.Instance);
    }

    public AnalyzerOptions Analyzer { get; } = new();

    public StorageOptions Options { get; }

    public TableServiceClient Service { get; }

    public QwenTables Tables { get; }

    public IngestionService Ingestion { get; }

    public AggregationService Aggregation { get; }

    public ReportService Reports { get; }

    public RequestQueryService Requests { get; }

    public AuditSampleService AuditSamples { get; }

    public ShardStatusService Status { get; }

    public ShardPurgeService Purge { get; }

    public RetentionService Retention { get; }

    public Task<IngestionResult> IngestAsync(string name, byte[] content, string version, bool force = false) =>
        Ingestion.IngestAsync(new MemoryStream(content), name, version, CancellationToken.None, force);

    /// <summary>
    /// Every row of every table of this prefix, as sorted text, without what legitimately changes between identical
    /// runs: the service's Timestamp and ETag, the ledger's attempt count and times, and dirty-mark nonces.
    /// </summary>
    public async Task<List<string>> DumpAsync()
    {
        var rows = new List<string>();
        await foreach (var table in Service.QueryAsync(TableServiceClient.CreateQueryFilter($"TableName ge {Options.TablePrefix} and TableName lt {Options.TablePrefix + "~"}")))
        {
            if (table.Name.EndsWith("dirty", StringComparison.Ordinal))
            {
                continue;
            }

            await foreach (var entity in Service.GetTableClient(table.Name).QueryAsync<TableEntity>())
            {
                var properties = entity
                    .Where(p => p.Key is not ("Timestamp" or "odata.etag" or "Attempts" or "StartedAt" or "FinishedAt"))
                    .OrderBy(p => p.Key, StringComparer.Ordinal)
                    .Select(p => p.Key + "=" + (p.Value is byte[] bytes ? Convert.ToBase64String(bytes) : Convert.ToString(p.Value, System.Globalization.CultureInfo.InvariantCulture)));
                rows.Add(table.Name + "|" + string.Join(";", properties));
            }
        }

        rows.Sort(StringComparer.Ordinal);
        return rows;
    }
}
