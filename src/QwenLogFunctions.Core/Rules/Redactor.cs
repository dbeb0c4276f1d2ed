using System.Text;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Makes previews safe to store: takes the start of a text, masks the personal data and secrets the rules detect
/// (the same <see cref="SensitiveDataScanner"/>), and cuts it to length. A number cut off at the edge of the
/// window is masked too, so a preview never shows the first digits of a card it could not see whole.
/// </summary>
public static class Redactor
{
    // Look this far beyond the preview so an item that straddles the cut is still recognised and masked.
    private const int Lookahead = 128;

    /// <summary>The redacted preview of <paramref name="text"/>, at most <paramref name="maxChars"/> characters plus an ellipsis.</summary>
    public static string Preview(ReadOnlySpan<char> text, int maxChars)
    {
        var window = text.Length > maxChars + Lookahead ? text[..(maxChars + Lookahead)] : text;
        var spans = new List<SensitiveSpan>();
        SensitiveDataScanner.Scan(window, spans);
        spans.Sort(static (a, b) => a.Start.CompareTo(b.Start));

        var builder = new StringBuilder(Math.Min(window.Length, maxChars) + 16);
        int position = 0;
        foreach (var span in spans)
        {
            if (span.Start < position)
            {
                // Overlaps a finding already masked (a phone that is the local part of an e-mail address, say):
                // the mask covers the union, so no part of either stays visible.
                position = Math.Max(position, span.Start + span.Length);
                continue;
            }

            builder.Append(window[position..span.Start]);
            builder.Append(Mask(span.Kind));
            position = span.Start + span.Length;
        }

        bool cut = text.Length > window.Length;
        AppendTail(builder, window[position..], cut);
        bool truncated = cut || builder.Length > maxChars;
        if (builder.Length > maxChars)
        {
            builder.Length = maxChars;

            // Never leave half a surrogate pair at the cut.
            if (char.IsHighSurrogate(builder[^1]))
            {
                builder.Length--;
            }
        }

        if (truncated)
        {
            builder.Append('…');
        }

        return builder.ToString();
    }

    /// <summary>The mask written in place of a finding.</summary>
    public static string Mask(SensitiveKind kind) => kind switch
    {
        SensitiveKind.IdNumber => "[ID]",
        SensitiveKind.BankCard => "[CARD]",
        SensitiveKind.Phone => "[PHONE]",
        SensitiveKind.Email => "[EMAIL]",
        _ => "[SECRET]",
    };

    // A digit run at the very end of a cut window may be the start of a number we could not see whole.
    private static void AppendTail(StringBuilder builder, ReadOnlySpan<char> tail, bool cut)
    {
        int digits = 0;
        while (cut && digits < tail.Length && char.IsAsciiDigit(tail[tail.Length - 1 - digits]))
        {
            digits++;
        }

        if (digits >= 6)
        {
            builder.Append(tail[..^digits]);
            builder.Append('#', digits);
        }
        else
        {
            builder.Append(tail);
        }
    }
}
