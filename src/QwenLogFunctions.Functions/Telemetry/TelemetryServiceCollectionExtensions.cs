using Azure.Monitor.OpenTelemetry.Exporter;
using Microsoft.Azure.Functions.Worker.OpenTelemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Hosting;
using OpenTelemetry;
using OpenTelemetry.Metrics;
using OpenTelemetry.Trace;
using QwenLogFunctions.Core.Configuration;
using QwenLogFunctions.Core.Telemetry;

namespace QwenLogFunctions.Functions.Telemetry;

/// <summary>Wires OpenTelemetry for the worker: Functions defaults, our Meter and ActivitySource, Azure Monitor when configured.</summary>
public static class TelemetryServiceCollectionExtensions
{
    /// <summary>
    /// Registers <see cref="QwenLogInstrumentation"/> and OpenTelemetry with our "QwenLogFunctions" Meter and ActivitySource.
    /// Traces, metrics and logs go to Azure Monitor, with the Functions worker defaults (invocation spans, resource
    /// attributes), only when APPLICATIONINSIGHTS_CONNECTION_STRING is set; without it nothing is exported, nothing
    /// fails, and the app's log lines go to the Functions host's output.
    /// </summary>
    /// <param name="services">The app's services.</param>
    /// <param name="configuration">Configuration holding APPLICATIONINSIGHTS_CONNECTION_STRING (app settings are environment variables).</param>
    /// <param name="configureExporter">Adjusts the exporter after our defaults (tests: offline storage, sampling).</param>
    public static IServiceCollection AddQwenLogTelemetry(
        this IServiceCollection services,
        IConfiguration configuration,
        Action<AzureMonitorExporterOptions>? configureExporter = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(configuration);

        services.TryAddSingleton<QwenLogInstrumentation>();
        var telemetry = services.AddOpenTelemetry()
            .WithTracing(tracing => tracing.AddSource(QwenLogInstrumentation.Name))
            .WithMetrics(metrics => metrics.AddMeter(QwenLogInstrumentation.Name));

        string? connectionString = configuration[AppSettingNames.ApplicationInsightsConnectionString];
        if (!string.IsNullOrWhiteSpace(connectionString))
        {
            // UseFunctionsWorkerDefaults tells the host (capability WorkerOpenTelemetryEnabled) that the worker exports
            // its own logs, and the host then drops them from its output. Only right when the worker does export:
            // without a connection string the host's output (func start, the log stream) is the only place the app's
            // log lines can be read.
            telemetry.UseFunctionsWorkerDefaults();
            var credential = ApplicationInsightsAuthentication.CreateCredential(configuration[AppSettingNames.ApplicationInsightsAuthenticationString]);
            telemetry.UseAzureMonitorExporter(options =>
            {
                options.ConnectionString = connectionString;
                if (credential is not null)
                {
                    options.Credential = credential;
                }

                configureExporter?.Invoke(options);
            });
        }

        return services;
    }

    /// <summary>The same on the Functions application builder (<c>builder.AddQwenLogTelemetry()</c> in Program.cs).</summary>
    public static IHostApplicationBuilder AddQwenLogTelemetry(this IHostApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);
        builder.Services.AddQwenLogTelemetry(builder.Configuration);
        return builder;
    }
}
