using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace QwenLogFunctions.Functions.Http;

/// <summary>
/// Hardening headers of every HTTP API response (docs/reports.md, "Response headers"):
/// <c>X-Content-Type-Options: nosniff</c> and <c>Cache-Control: no-store</c> on all of them, and on HTML a
/// Content-Security-Policy that allows inline styles only. The report page is self-contained (inline CSS and SVG, no
/// script, image, font or link it would fetch), so it needs nothing else; a script smuggled into a model name or a
/// preview could not run even if escaping ever failed. <c>no-store</c> because the answers carry log-derived data
/// (redacted previews, shard names), their URL may hold the function key (?code=), and they change with every
/// aggregation: no browser or proxy should keep a copy.
/// </summary>
public static class ResponseHeaders
{
    /// <summary>The policy of HTML responses: nothing may load or run; inline &lt;style&gt; and style attributes render.</summary>
    public const string HtmlContentSecurityPolicy =
        "default-src 'none'; style-src 'unsafe-inline'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>Cache-Control of every API response.</summary>
    public const string CacheControl = "no-store";

    /// <summary>Sets the headers for a response of the given content type.</summary>
    public static void Apply(IHeaderDictionary headers, string? contentType)
    {
        ArgumentNullException.ThrowIfNull(headers);
        headers.XContentTypeOptions = "nosniff";
        headers.CacheControl = CacheControl;
        if (contentType is not null && contentType.StartsWith("text/html", StringComparison.OrdinalIgnoreCase))
        {
            headers.ContentSecurityPolicy = HtmlContentSecurityPolicy;

            // The page has no links, but its URL may carry ?code=: never send it on.
            headers["Referrer-Policy"] = "no-referrer";
        }
    }

    /// <summary>
    /// Makes every <see cref="ContentResult"/> (all API answers are built by <see cref="ApiResults"/> as one) carry the
    /// headers: one place, so no endpoint can forget them. ASP.NET Core runs results through this executor.
    /// </summary>
    public static IServiceCollection AddQwenLogResponseHeaders(this IServiceCollection services)
    {
        services.AddSingleton<IActionResultExecutor<ContentResult>, HardenedContentResultExecutor>();
        return services;
    }

    private sealed class HardenedContentResultExecutor(ILoggerFactory loggers, IHttpResponseStreamWriterFactory writers) : IActionResultExecutor<ContentResult>
    {
        private readonly ContentResultExecutor _inner = new(loggers.CreateLogger<ContentResultExecutor>(), writers);

        public Task ExecuteAsync(ActionContext context, ContentResult result)
        {
            ArgumentNullException.ThrowIfNull(context);
            ArgumentNullException.ThrowIfNull(result);
            Apply(context.HttpContext.Response.Headers, result.ContentType);
            return _inner.ExecuteAsync(context, result);
        }
    }
}
