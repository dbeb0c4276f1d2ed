namespace QwenLogFunctions.Reporting;

/// <summary>The representations a report (or an audit sample) can be returned in.</summary>
public enum ReportFormat
{
    /// <summary>application/json: the machine-readable report (the default).</summary>
    Json,

    /// <summary>text/html: the self-contained page with charts.</summary>
    Html,

    /// <summary>text/csv: the hourly series (or the sampled requests).</summary>
    Csv,
}
