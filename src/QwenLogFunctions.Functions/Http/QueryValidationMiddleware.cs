using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using QwenLogFunctions.Storage.Queries;

namespace QwenLogFunctions.Functions.Http;

/// <summary>
/// The one place where a bad query becomes an answer: an HTTP function (or the use case it calls) throws
/// <see cref="QueryValidationException"/>, and the client gets 400 with {"error": "what to fix"} instead of a 500.
/// Other exceptions, and those of non-HTTP triggers, pass through untouched.
/// </summary>
internal sealed class QueryValidationMiddleware : IFunctionsWorkerMiddleware
{
    /// <inheritdoc />
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(next);
        try
        {
            await next(context);
        }
        catch (Exception ex) when (ResultFor(ex) is { } badRequest && context.GetHttpContext() is not null)
        {
            // With ASP.NET Core integration the invocation result is the IActionResult the worker then executes.
            context.GetInvocationResult().Value = badRequest;
        }
    }

    /// <summary>The 400 answer for a query validation failure anywhere in the exception's chain; null for anything else.</summary>
    internal static ContentResult? ResultFor(Exception exception)
    {
        for (var current = exception; current is not null; current = current.InnerException)
        {
            if (current is QueryValidationException invalid)
            {
                return ApiResults.BadRequest(invalid.Message);
            }
        }

        return null;
    }
}
