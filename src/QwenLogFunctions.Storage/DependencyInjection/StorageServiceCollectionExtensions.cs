using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Microsoft.Extensions.Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Alerting;
using QwenLogFunctions.Core.Configuration;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Storage.Aggregation;
using QwenLogFunctions.Storage.Alerts;
using QwenLogFunctions.Storage.Ingestion;
using QwenLogFunctions.Storage.Queries;
using QwenLogFunctions.Storage.Retention;
using QwenLogFunctions.Storage.Shards;
using QwenLogFunctions.Storage.Tables;

namespace QwenLogFunctions.Storage.DependencyInjection;

/// <summary>Registers the storage layer: clients, options and services, for the Functions app and the CLI alike.</summary>
public static class StorageServiceCollectionExtensions
{
    /// <summary>
    /// Adds <see cref="StorageOptions"/> (section "QwenLogs", validated at start-up), one <see cref="TableServiceClient"/> and
    /// one <see cref="BlobServiceClient"/> for the AzureWebJobsStorage connection (connection string or identity-based),
    /// <see cref="QwenTables"/>, the ingestion, aggregation, report, request-query, audit-sample, shard-status, purge and retention services,
    /// and the table-backed <see cref="IAlertStore"/>.
    /// <see cref="AnalyzerOptions"/> defaults are registered only if the caller has not registered its own.
    /// </summary>
    public static IServiceCollection AddQwenLogStorage(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        services.AddOptions<StorageOptions>()
            .Configure(options => configuration.GetSection(StorageOptions.SectionName).Bind(options))
            .ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<StorageOptions>, StorageOptionsValidator>());

        var storage = configuration.GetSection(AppSettingNames.Storage);
        services.AddAzureClients(clients =>
        {
            // The credential (managed identity with __clientId, or the default chain) is built from the same section,
            // and only when there is no connection string to use.
            clients.AddClient<TableServiceClient, TableClientOptions>((options, provider) =>
                StorageClientFactory.CreateTableService(storage, options, () => provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(storage)));
            clients.AddClient<BlobServiceClient, BlobClientOptions>((options, provider) =>
                StorageClientFactory.CreateBlobService(storage, options, () => provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(storage)));
            clients.AddClient<QueueServiceClient, QueueClientOptions>((options, provider) =>
            {
                // The Functions queue trigger reads base64 messages by default.
                options.MessageEncoding = QueueMessageEncoding.Base64;
                return StorageClientFactory.CreateQueueService(storage, options, () => provider.GetRequiredService<AzureComponentFactory>().CreateTokenCredential(storage));
            });
        });

        // The dialect setting (QwenLogs__Dialect, validated with the other options) reaches the parser here.
        services.TryAddSingleton(provider =>
        {
            string setting = provider.GetRequiredService<IOptions<StorageOptions>>().Value.Dialect;
            return LogDialectNames.TryParse(setting, out var dialect)
                ? new AnalyzerOptions { Dialect = dialect }
                : throw new OptionsValidationException(StorageOptions.SectionName, typeof(StorageOptions), [$"QwenLogs__Dialect must be one of {LogDialectNames.Choices} (got '{setting}')."]);
        });
        services.TryAddSingleton(provider => new QwenTables(
            provider.GetRequiredService<TableServiceClient>(), provider.GetRequiredService<IOptions<StorageOptions>>().Value.TablePrefix));
        services.TryAddSingleton<IngestionService>();
        services.TryAddSingleton<AggregationService>();
        services.TryAddSingleton<ReportService>();
        services.TryAddSingleton<ServingMetricsService>();
        services.TryAddSingleton<RequestQueryService>();
        services.TryAddSingleton<AuditSampleService>();
        services.TryAddSingleton<ShardStatusService>();
        services.TryAddSingleton(provider => new ShardPurgeMessages(provider.GetRequiredService<QueueServiceClient>().GetQueueClient(ShardPurgeMessages.Name)));
        services.TryAddSingleton<ShardPurgeService>();
        services.TryAddSingleton<RetentionService>();
        services.TryAddSingleton<ShardInventory>();
        services.TryAddSingleton<StorageInitializer>();
        services.TryAddSingleton(TimeProvider.System);

        // The alert store lives in the same account and prefix; AddQwenLogAlerting registers the engine that uses it.
        services.TryAddSingleton<IAlertStore>(provider => new TableAlertStore(
            provider.GetRequiredService<TableServiceClient>(), provider.GetRequiredService<IOptions<StorageOptions>>().Value.TablePrefix));
        return services;
    }
}
