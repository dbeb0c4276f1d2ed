using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using QwenLogFunctions.Storage.DependencyInjection;

var builder = FunctionsApplication.CreateBuilder(args);

// HTTP functions use ASP.NET Core integration (HttpRequest in, IActionResult out).
builder.ConfigureFunctionsWebApplication();

// Tables and blobs (AzureWebJobsStorage), the "QwenLogs" options validated at start, and the pipeline services.
builder.Services.AddQwenLogStorage(builder.Configuration);

// Telemetry (Telemetry/): builder.AddQwenLogTelemetry() is registered here.
// Alerting: register the alert engine and an IAggregationListener that feeds it here.

builder.Build().Run();
