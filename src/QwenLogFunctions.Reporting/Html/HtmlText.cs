using System.Text;

namespace QwenLogFunctions.Reporting.Html;

/// <summary>
/// Escapes text for HTML element content and quoted attribute values. Everything that comes from log data
/// (model and device names, reasons, alert messages) passes through here, so a model named "&lt;script&gt;" stays text.
/// </summary>
internal static class HtmlText
{
    /// <summary>Returns <paramref name="text"/> with &amp; &lt; &gt; " ' escaped and control characters replaced by U+FFFD.</summary>
    public static string Escape(string? text)
    {
        if (string.IsNullOrEmpty(text))
        {
            return string.Empty;
        }

        var builder = new StringBuilder(text.Length + 16);
        foreach (char c in text)
        {
            switch (c)
            {
                case '&': builder.Append("&amp;"); break;
                case '<': builder.Append("&lt;"); break;
                case '>': builder.Append("&gt;"); break;
                case '"': builder.Append("&quot;"); break;
                case '\'': builder.Append("&#39;"); break;
                // C0 controls other than tab, LF and CR are parse errors in HTML; show that something was there.
                case < ' ' when c is not ('\t' or '\n' or '\r'):
                case '\u007F':
                    builder.Append('\uFFFD');
                    break;
                default: builder.Append(c); break;
            }
        }

        return builder.ToString();
    }
}
