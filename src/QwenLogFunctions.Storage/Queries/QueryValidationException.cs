namespace QwenLogFunctions.Storage.Queries;

/// <summary>A query parameter the caller must fix; the message says what to change (HTTP 400, CLI usage error).</summary>
public sealed class QueryValidationException : Exception
{
    /// <summary>Creates the exception.</summary>
    public QueryValidationException()
    {
    }

    /// <summary>Creates the exception with what to fix.</summary>
    public QueryValidationException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with what to fix and a cause.</summary>
    public QueryValidationException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
