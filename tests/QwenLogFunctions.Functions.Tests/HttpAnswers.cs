using Microsoft.AspNetCore.Mvc;
using QwenLogFunctions.Functions.Http;

namespace QwenLogFunctions.Functions.Tests;

/// <summary>Calls an HTTP function as the worker does with the app's middleware: a query validation failure becomes its 400.</summary>
internal static class HttpAnswers
{
    public static async Task<IActionResult> Of(Func<Task<IActionResult>> function)
    {
        try
        {
            return await function();
        }
        catch (Exception ex) when (QueryValidationMiddleware.ResultFor(ex) is { } badRequest)
        {
            return badRequest;
        }
    }
}
