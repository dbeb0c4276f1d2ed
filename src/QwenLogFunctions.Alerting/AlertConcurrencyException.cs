namespace QwenLogFunctions.Alerting;

/// <summary>An alert record was changed by another evaluation between read and write.</summary>
public sealed class AlertConcurrencyException : Exception
{
    /// <summary>Creates the exception.</summary>
    public AlertConcurrencyException()
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public AlertConcurrencyException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the store's error.</summary>
    public AlertConcurrencyException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
