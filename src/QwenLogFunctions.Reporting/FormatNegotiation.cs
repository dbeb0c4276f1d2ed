namespace QwenLogFunctions.Reporting;

/// <summary>
/// The outcome of <see cref="ReportFormatNegotiator.Negotiate"/>: either a format with its content type, or an error
/// message listing the supported formats together with the HTTP status it calls for.
/// </summary>
public sealed record FormatNegotiation
{
    private FormatNegotiation(ReportFormat? format, string? error, int statusCode)
    {
        Format = format;
        Error = error;
        StatusCode = statusCode;
    }

    /// <summary>The chosen format; null on failure.</summary>
    public ReportFormat? Format { get; }

    /// <summary>Why no format could be chosen, naming the supported ones; null on success.</summary>
    public string? Error { get; }

    /// <summary>200 on success; 400 for an unknown <c>format</c> query value; 406 when the Accept header allows none of the supported types.</summary>
    public int StatusCode { get; }

    /// <summary>Whether a format was chosen.</summary>
    public bool Succeeded => Format.HasValue;

    /// <summary>The response content type of the chosen format (with charset); null on failure.</summary>
    public string? ContentType => Format is { } f ? ReportFormatNegotiator.ContentTypeOf(f) : null;

    internal static FormatNegotiation Success(ReportFormat format) => new(format, null, 200);

    internal static FormatNegotiation Failure(string error, int statusCode) => new(null, error, statusCode);
}
