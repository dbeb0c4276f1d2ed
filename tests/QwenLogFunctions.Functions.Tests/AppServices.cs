using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QwenLogFunctions.Pipeline;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests;

/// <summary>
/// The app's services registered as Program.cs registers them (AddQwenLogPipeline: storage, alerting, the use cases),
/// over a fresh table prefix in the shared Azurite, with a fixed clock and extra settings per test.
/// </summary>
internal static class AppServices
{
    public static ServiceProvider Build(AzuriteFixture azurite, DateTimeOffset now, Dictionary<string, string?>? settings = null)
    {
        var values = new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["QwenLogs:TablePrefix"] = AzuriteFixture.UniqueName("w"),
            ["QwenLogs:RetentionDays"] = "0",
        };
        foreach (var (key, value) in settings ?? [])
        {
            values[key] = value;
        }

        var configuration = new ConfigurationBuilder().AddInMemoryCollection(values).Build();
        var services = new ServiceCollection().AddLogging();

        // Registered first: AddQwenLogStorage and AddQwenLogAlerting only add a clock when there is none.
        services.AddSingleton<TimeProvider>(new FixedClock(now));
        services.AddQwenLogPipeline(configuration);
        return services.BuildServiceProvider(validateScopes: true);
    }

    public static HttpRequest Request(string query, string? accept = null)
    {
        var context = new DefaultHttpContext();
        context.Request.QueryString = new QueryString("?" + query);
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }

        return context.Request;
    }

    /// <summary>A clock standing still: alert transitions and "no requests for N hours" are judged against it.</summary>
    public sealed class FixedClock(DateTimeOffset now) : TimeProvider
    {
        public DateTimeOffset Now { get; set; } = now;

        public override DateTimeOffset GetUtcNow() => Now;
    }
}
