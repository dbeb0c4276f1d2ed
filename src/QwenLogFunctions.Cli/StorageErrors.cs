using Azure;
using Azure.Identity;
using Microsoft.Extensions.Options;

namespace QwenLogFunctions.Cli;

/// <summary>
/// Recognizes the failures that mean "the storage account cannot be used" (unreachable, refused credentials, a
/// malformed connection string, bad QwenLogs settings) and turns them into the CLI's one-line message.
/// </summary>
internal static class StorageErrors
{
    /// <summary>Whether the exception is a storage or configuration failure rather than a bug.</summary>
    public static bool IsStorageFailure(Exception exception) => exception switch
    {
        RequestFailedException or HttpRequestException or AuthenticationFailedException or OptionsValidationException => true,

        // Connection strings the SDK cannot parse, endpoints that are not URIs, missing identity settings.
        FormatException or UriFormatException or ArgumentException or InvalidOperationException => true,

        // The SDK's retry policy reports every failed attempt together.
        AggregateException aggregate => aggregate.InnerExceptions.Count > 0 && aggregate.InnerExceptions.All(IsStorageFailure),
        _ => false,
    };

    /// <summary>A one-line description: what failed, and the innermost reason.</summary>
    public static string Describe(Exception exception)
    {
        ArgumentNullException.ThrowIfNull(exception);
        var innermost = exception;
        while (innermost is AggregateException { InnerExceptions.Count: > 0 } aggregate)
        {
            innermost = aggregate.InnerExceptions[^1];
        }

        string what = innermost switch
        {
            RequestFailedException { Status: 0 } => "cannot reach storage",
            RequestFailedException { Status: 401 or 403 } => "storage refused the credentials",
            RequestFailedException failed => $"storage request failed (HTTP {failed.Status})",
            HttpRequestException => "cannot reach storage",
            AuthenticationFailedException => "cannot get a token for storage",
            OptionsValidationException => "invalid QwenLogs settings",
            _ => "cannot use the storage connection",
        };

        string reason = FirstLine(innermost is OptionsValidationException validation ? string.Join(" ", validation.Failures) : innermost.Message);
        if (innermost.InnerException is { } cause && innermost is RequestFailedException { Status: 0 })
        {
            reason = FirstLine(cause.Message);
        }
        else if (innermost is RequestFailedException { ErrorCode: { Length: > 0 } code })
        {
            reason = $"{code}: {reason}";
        }

        return $"{what}: {reason}";
    }

    private static string FirstLine(string text)
    {
        int end = text.AsSpan().IndexOfAny('\r', '\n');
        return (end < 0 ? text : text[..end]).Trim();
    }
}
