using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Hosting;
using QwenLogFunctions.Functions;

var builder = FunctionsApplication.CreateBuilder(args);
builder.AddQwenLogFunctionsApp();
builder.Build().Run();
