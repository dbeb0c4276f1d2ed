using System.Text;

namespace QwenLogFunctions.Reporting.Csv;

/// <summary>
/// Writes RFC 4180 CSV: fields containing a comma, a double quote, CR or LF are quoted with quotes doubled,
/// and records end with CRLF. Shared by the hourly report CSV and the audit-sample CSV.
/// Text fields are neutralized against CSV (formula) injection as OWASP recommends: a field starting with
/// <c>=</c>, <c>+</c>, <c>-</c>, <c>@</c>, tab or carriage return gets a leading <c>'</c>, so a spreadsheet shows it
/// as text instead of running it (<c>=HYPERLINK(...)</c>, <c>+cmd|' /C calc'!A0</c>). Numbers the product formats
/// itself go through <see cref="AppendNumberRecord"/> and stay numbers (a negative value stays "-3", not "'-3").
/// </summary>
internal static class Rfc4180
{
    /// <summary>Line terminator required by RFC 4180 section 2.1, independent of the platform.</summary>
    public const string NewLine = "\r\n";

    /// <summary>Characters that make a spreadsheet read a cell as a formula when they start it (OWASP, CSV injection).</summary>
    private const string FormulaStarts = "=+-@\t\r";

    /// <summary>Appends one record of text fields (fields separated by commas, CRLF at the end), each neutralized against formula injection.</summary>
    public static void AppendRecord(StringBuilder builder, IEnumerable<string?> fields) => AppendRecord(builder, fields, neutralizeFormulas: true);

    /// <summary>
    /// Appends one record of numbers formatted by the product (invariant culture): written as they are, so numeric
    /// columns stay numeric in a spreadsheet. Never pass text from a log here.
    /// </summary>
    public static void AppendNumberRecord(StringBuilder builder, IEnumerable<string?> fields) => AppendRecord(builder, fields, neutralizeFormulas: false);

    /// <summary>A text field as written to CSV: a leading ' when it would start a formula.</summary>
    public static string? Neutralize(string? field) =>
        string.IsNullOrEmpty(field) || FormulaStarts.IndexOf(field[0], StringComparison.Ordinal) < 0 ? field : "'" + field;

    private static void AppendRecord(StringBuilder builder, IEnumerable<string?> fields, bool neutralizeFormulas)
    {
        bool first = true;
        foreach (string? field in fields)
        {
            if (!first)
            {
                builder.Append(',');
            }

            AppendField(builder, neutralizeFormulas ? Neutralize(field) : field);
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
