using System.Text;

namespace QwenLogFunctions.Reporting.Csv;

/// <summary>
/// Writes RFC 4180 CSV: fields containing a comma, a double quote, CR or LF are quoted with quotes doubled,
/// and records end with CRLF. Shared by the hourly report CSV and the audit-sample CSV.
/// </summary>
internal static class Rfc4180
{
    /// <summary>Line terminator required by RFC 4180 section 2.1, independent of the platform.</summary>
    public const string NewLine = "\r\n";

    /// <summary>Appends one record (fields separated by commas, CRLF at the end).</summary>
    public static void AppendRecord(StringBuilder builder, IEnumerable<string?> fields)
    {
        bool first = true;
        foreach (string? field in fields)
        {
            if (!first)
            {
                builder.Append(',');
            }

            AppendField(builder, field);
            first = false;
        }

        builder.Append(NewLine);
    }

    /// <summary>Appends one field, quoted only when it has to be; null becomes an empty field.</summary>
    public static void AppendField(StringBuilder builder, string? field)
    {
        if (string.IsNullOrEmpty(field))
        {
            return;
        }

        if (field.AsSpan().IndexOfAny(",\"\r\n") < 0)
        {
            builder.Append(field);
            return;
        }

        builder.Append('"').Append(field.Replace("\"", "\"\"", StringComparison.Ordinal)).Append('"');
    }
}
