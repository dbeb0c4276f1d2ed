using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using QwenLogFunctions.Alerting;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Pipeline.Hourly;
using QwenLogFunctions.Pipeline.Ingestion;
using QwenLogFunctions.Pipeline.Reports;
using QwenLogFunctions.Pipeline.Rules;
using QwenLogFunctions.Storage.DependencyInjection;

namespace QwenLogFunctions.Pipeline;

/// <summary>Registers the use cases and what they stand on, identically for the Functions app and the CLI.</summary>
public static class PipelineServiceCollectionExtensions
{
    /// <summary>
    /// Adds the storage layer (AddQwenLogStorage), the alert engine and its channels (AddQwenLogAlerting: sections
    /// QwenLogs:Alerts and QwenLogs:Notifications), the parser and rule settings with the rules of section
    /// QwenLogs:Rules (unless the caller registered its own <see cref="AnalyzerOptions"/> first), and the use cases:
    /// <see cref="ShardIngestion"/>, <see cref="Reconciliation"/>, <see cref="HourlyRun"/> with its <see cref="AlertEvaluation"/>, <see cref="ReportPage"/>.
    /// </summary>
    /// <exception cref="InvalidOperationException">The QwenLogs:Rules settings cannot be used (the message names the setting).</exception>
    public static IServiceCollection AddQwenLogPipeline(this IServiceCollection services, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);
        if (!services.Any(descriptor => descriptor.ServiceType == typeof(AnalyzerOptions)))
        {
            // Read now, so a wrong setting stops the app at start-up instead of failing every shard later.
            var (rules, error) = RuleOptionsSource.Load(configuration);
            services.AddSingleton(new AnalyzerOptions { Rules = rules ?? throw new InvalidOperationException(error) });
        }

        services.AddQwenLogStorage(configuration);
        services.AddQwenLogAlerting(configuration);
        services.TryAddSingleton<ShardIngestion>();
        services.TryAddSingleton<Reconciliation>();
        services.TryAddSingleton<AlertEvaluation>();
        services.TryAddSingleton<HourlyRun>();
        services.TryAddSingleton<ReportPage>();
        return services;
    }
}
