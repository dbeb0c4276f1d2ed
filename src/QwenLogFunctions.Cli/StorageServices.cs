using System.Collections;
using System.CommandLine;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QwenLogFunctions.Core.Configuration;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Pipeline;
using QwenLogFunctions.Storage;

namespace QwenLogFunctions.Cli;

/// <summary>
/// Builds the use cases of ingest, aggregate and report exactly as the Functions app does
/// (<see cref="PipelineServiceCollectionExtensions.AddQwenLogPipeline"/>), from a configuration made of the
/// process's AzureWebJobsStorage* and QwenLogs__* environment variables (the app's settings: storage options,
/// QwenLogs__Alerts__*, QwenLogs__Notifications__*, QwenLogs__Rules__*) overlaid with the command-line options.
/// </summary>
internal static class StorageServices
{
    private const string StoragePrefix = AppSettingNames.Storage;
    private const string OptionsPrefix = StorageOptions.SectionName + "__";

    /// <summary>The --connection option shared by the storage commands.</summary>
    public static Option<string?> ConnectionOption() => new("--connection", "-c")
    {
        Description = "Storage connection string (\"UseDevelopmentStorage=true\" for Azurite on its default ports). "
            + "Default: the AzureWebJobsStorage environment variable (or its identity-based __tableServiceUri/__blobServiceUri form).",
    };

    /// <summary>The --table-prefix option shared by the storage commands.</summary>
    public static Option<string?> TablePrefixOption() => new("--table-prefix")
    {
        Description = "Prefix of the table names (default: QwenLogs__TablePrefix, else \"qwen\"); must match the Functions app's.",
    };

    /// <summary>
    /// The configuration the storage layer reads, or a one-line error when no storage connection is given at all.
    /// The connection string is never echoed: it holds the account key.
    /// </summary>
    public static (IConfiguration? Configuration, string? Error) Configuration(string? connection, string? tablePrefix, IDictionary? environment = null)
    {
        var values = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);
        foreach (DictionaryEntry variable in environment ?? Environment.GetEnvironmentVariables())
        {
            // The same mapping as the environment-variable configuration provider: "__" separates sections.
            string name = (string)variable.Key;
            if (name.StartsWith(StoragePrefix, StringComparison.OrdinalIgnoreCase) || name.StartsWith(OptionsPrefix, StringComparison.OrdinalIgnoreCase))
            {
                values[name.Replace("__", ConfigurationPath.KeyDelimiter, StringComparison.Ordinal)] = (string?)variable.Value;
            }
        }

        if (!string.IsNullOrWhiteSpace(connection))
        {
            values[StoragePrefix] = connection;
        }

        if (tablePrefix is not null)
        {
            values[StorageOptions.SectionName + ConfigurationPath.KeyDelimiter + nameof(StorageOptions.TablePrefix)] = tablePrefix;
        }

        bool configured = values.Any(pair =>
            !string.IsNullOrWhiteSpace(pair.Value)
            && (string.Equals(pair.Key, StoragePrefix, StringComparison.OrdinalIgnoreCase)
                || pair.Key.StartsWith(StoragePrefix + ConfigurationPath.KeyDelimiter, StringComparison.OrdinalIgnoreCase)));
        if (!configured)
        {
            return (null, "no storage given: pass --connection (UseDevelopmentStorage=true for Azurite) or set the AzureWebJobsStorage environment variable");
        }

        return (new ConfigurationBuilder().AddInMemoryCollection(values).Build(), null);
    }

    /// <summary>The service provider holding the use cases (clients are created on first use).</summary>
    public static ServiceProvider Build(IConfiguration configuration, AnalyzerOptions? analyzerOptions = null)
    {
        var services = new ServiceCollection();
        services.AddLogging();
        if (analyzerOptions is not null)
        {
            services.AddSingleton(analyzerOptions);
        }

        services.AddQwenLogPipeline(configuration);
        return services.BuildServiceProvider();
    }
}
