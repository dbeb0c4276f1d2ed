using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Abstractions;
using Microsoft.AspNetCore.Routing;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using QwenLogFunctions.Functions.Http;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests;

/// <summary>
/// The answers of the HTTP functions, executed as ASP.NET Core executes them in the worker (the app's own
/// registration, Azurite behind): HTML carries a Content-Security-Policy without script, every answer nosniff and no-store.
/// </summary>
[Collection(AzuriteTests.CollectionName)]
public sealed class ResponseHeadersTests(AzuriteFixture azurite)
{
    private const string Range = "from=2025-01-15T10:00:00Z&to=2025-01-15T11:00:00Z";

    [Theory]
    [InlineData("format=html", "text/html", true)]
    [InlineData("format=json", "application/json", false)]
    [InlineData("format=csv", "text/csv", false)]
    public async Task Report_answers_carry_the_hardening_headers(string format, string contentType, bool html)
    {
        using var host = BuildHost();
        var context = NewContext(host, Range + "&" + format);
        var result = await ActivatorUtilities.CreateInstance<ReportFunction>(context.RequestServices).Run(context.Request, CancellationToken.None);
        await Execute(result, context);

        Assert.Equal(200, context.Response.StatusCode);
        Assert.StartsWith(contentType, context.Response.ContentType, StringComparison.Ordinal);
        Assert.Equal("nosniff", context.Response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());
        if (html)
        {
            string policy = context.Response.Headers.ContentSecurityPolicy.ToString();
            Assert.StartsWith("default-src 'none'; style-src 'unsafe-inline'", policy, StringComparison.Ordinal);
            Assert.DoesNotContain("script-src", policy, StringComparison.Ordinal);
            Assert.Equal("no-referrer", context.Response.Headers["Referrer-Policy"].ToString());
        }
        else
        {
            Assert.Empty(context.Response.Headers.ContentSecurityPolicy.ToString());
        }
    }

    [Fact]
    public async Task Errors_and_other_endpoints_carry_nosniff_too()
    {
        using var host = BuildHost();
        var context = NewContext(host, "from=9999-12-30T00:00:00Z&to=9999-12-31T22:00:00Z");
        await Execute(await HttpAnswers.Of(() => ActivatorUtilities.CreateInstance<AuditSampleFunction>(context.RequestServices).Run(context.Request, CancellationToken.None)), context);
        Assert.Equal(400, context.Response.StatusCode);
        Assert.Equal("nosniff", context.Response.Headers.XContentTypeOptions.ToString());
        Assert.Equal("no-store", context.Response.Headers.CacheControl.ToString());

        context = NewContext(host, "maxRejects=5");
        await Execute(await ActivatorUtilities.CreateInstance<ShardsFunction>(context.RequestServices).Get(context.Request, "none.jsonl", CancellationToken.None), context);
        Assert.Equal(404, context.Response.StatusCode);
        Assert.Equal("nosniff", context.Response.Headers.XContentTypeOptions.ToString());
    }

    private static async Task Execute(IActionResult result, HttpContext context)
    {
        await result.ExecuteResultAsync(new ActionContext(context, new RouteData(), new ActionDescriptor()));
    }

    private static DefaultHttpContext NewContext(IHost host, string query)
    {
        var context = new DefaultHttpContext { RequestServices = host.Services };
        context.Request.QueryString = new QueryString("?" + query);
        context.Response.Body = new MemoryStream();
        return context;
    }

    private IHost BuildHost()
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = azurite.ConnectionString,
            ["QwenLogs:TablePrefix"] = AzuriteFixture.UniqueName("h"),
            ["QwenLogs:RetentionDays"] = "0",
        });
        builder.AddQwenLogFunctionsApp();
        return builder.Build();
    }
}
