using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QwenLogFunctions.Functions.Http;
using QwenLogFunctions.Functions.Telemetry;
using QwenLogFunctions.Pipeline;

namespace QwenLogFunctions.Functions;

/// <summary>The app's composition, shared by Program.cs and the start-up test so both build the same host.</summary>
public static class QwenLogApp
{
    /// <summary>Registers everything the functions need.</summary>
    public static FunctionsApplicationBuilder AddQwenLogFunctionsApp(this FunctionsApplicationBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        // HTTP functions use ASP.NET Core integration (HttpRequest in, IActionResult out).
        builder.ConfigureFunctionsWebApplication();

        // A QueryValidationException from any HTTP function is 400 {"error"} (Http/QueryValidationMiddleware.cs).
        builder.UseMiddleware<QueryValidationMiddleware>();

        // nosniff and no-store on every answer, a script-free Content-Security-Policy on HTML (Http/ResponseHeaders.cs).
        builder.Services.AddQwenLogResponseHeaders();

        // OpenTelemetry (Telemetry/): our Meter and ActivitySource, exported to Azure Monitor only when
        // APPLICATIONINSIGHTS_CONNECTION_STRING is set. Registers the QwenLogInstrumentation that ingestion measures with.
        builder.AddQwenLogTelemetry();

        // The use cases the functions call, registered as the CLI registers them: tables and blobs
        // (AzureWebJobsStorage), the "QwenLogs" options validated at start, alert rules (QwenLogs:Alerts) and
        // notification channels (QwenLogs:Notifications), and the compliance rules (QwenLogs:Rules).
        builder.Services.AddQwenLogPipeline(builder.Configuration);

        // The logs container and the fixed tables exist from start-up on: no 404 on every poll of an empty account.
        builder.Services.AddHostedService<StorageStartup>();

        // The app's own lines (ingest summaries, aggregation runs, alert transitions) at Information; the Azure SDK's
        // one-line-per-request logging only from Warning, so the host log stays readable (host.json does the same
        // for the host's own Azure SDK use).
        builder.Logging.SetMinimumLevel(LogLevel.Information);
        builder.Logging.AddFilter("Azure.", LogLevel.Warning);
        return builder;
    }
}
