using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using QwenLogFunctions.Alerting;
using QwenLogFunctions.Functions.Functions;
using QwenLogFunctions.Functions.Http;
using QwenLogFunctions.Functions.Telemetry;
using QwenLogFunctions.Storage.DependencyInjection;

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

        // nosniff and no-store on every answer, a script-free Content-Security-Policy on HTML (Http/ResponseHeaders.cs).
        builder.Services.AddQwenLogResponseHeaders();

        // OpenTelemetry (Telemetry/): our Meter and ActivitySource, exported to Azure Monitor only when
        // APPLICATIONINSIGHTS_CONNECTION_STRING is set. Registers the QwenLogInstrumentation that ingestion measures with.
        builder.AddQwenLogTelemetry();

        // The Azure SDK logs every HTTP request and response at Information, and Microsoft.Extensions.Azure forwards
        // those to our loggers; in the worker each entry travels to the host over gRPC and is written there: two or
        // more per table transaction, tens of thousands for a large shard (docs/pipeline.md, "Ingest under the host").
        // Warnings and errors (retries, failures) still pass.
        builder.Logging.AddFilter("Azure", LogLevel.Warning);

        // Tables and blobs (AzureWebJobsStorage), the "QwenLogs" options validated at start, the pipeline services
        // and the table-backed alert store.
        builder.Services.AddQwenLogStorage(builder.Configuration);

        // Alert rules (QwenLogs:Alerts) and notification channels (QwenLogs:Notifications), validated at start,
        // judged after every aggregation run.
        builder.Services.AddQwenLogAlerting(builder.Configuration);
        builder.Services.AddAlertEvaluationAfterAggregation();
        return builder;
    }
}
