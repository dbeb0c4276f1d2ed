using System.Buffers;
using System.Globalization;

namespace QwenLogFunctions.Core.Rules;

/// <summary>
/// Finds e-mail addresses, internationalized ones included (RFC 6530/6531: letters of any script in the local part
/// and the domain, "xn--" labels, quoted local parts, IPv4 literals), around each '@' found by a vectorized search.
/// <para>
/// Chinese prose has no spaces, so an address can touch the text around it ("邮箱是zhang@example.com。"). A local
/// part or domain label never crosses a switch between CJK characters and other letters or digits, and full-width
/// punctuation ends an address. An all-CJK address glued to CJK prose cannot be separated; its span then includes
/// the prose, the flag is still right.
/// </para>
/// <para>
/// Shapes that look like an address but are not one: retina asset names ("logo@2x.png": a scale label "2x" or an
/// image or web-asset extension as top-level domain, none of which is a delegated TLD), scp-style remotes
/// ("git@github.com:org/repo.git": the host is followed by ":path"), URL user names ("ssh://git@host/…"), package
/// versions ("pkg@1.2.3": numeric labels), calls in code ("this@Outer.method()"), and hosts without a dot
/// ("user@localhost").
/// </para>
/// </summary>
internal static class EmailScanner
{
    private const int MaxLocalPart = 64;
    private const int MaxDomain = 253;

    // File extensions that appear as "TLD" in asset names; none is a delegated top-level domain.
    private static readonly string[] AssetExtensions =
    [
        "png", "jpg", "jpeg", "gif", "webp", "svg", "ico", "bmp", "avif", "tif", "tiff", "heic", "apng",
        "css", "js", "json", "html", "htm", "xml", "txt", "pdf", "woff", "woff2", "ttf", "mp3", "mp4", "webm", "wav",
    ];

    /// <summary>Scans <paramref name="text"/>; returns the <see cref="SensitiveDataScanner.KindBit"/> mask of what it found.</summary>
    public static int Scan(ReadOnlySpan<char> text, List<SensitiveSpan>? spans)
    {
        int found = 0;
        int position = 0, previousEnd = 0;
        while (position < text.Length)
        {
            int offset = text[position..].IndexOf('@');
            if (offset < 0)
            {
                break;
            }

            int at = position + offset;
            position = at + 1;
            int start = LocalPartStart(text, at, previousEnd);
            if (start < 0 || IsUrlUserName(text, start))
            {
                continue;
            }

            int end = DomainEnd(text, at + 1);
            if (end < 0 || IsHostWithPathOrCall(text, end))
            {
                continue;
            }

            found = SensitiveDataScanner.KindBit(SensitiveKind.Email);
            if (spans is null)
            {
                return found; // the flag is decided; the spans of the others are not asked for
            }

            spans.Add(new SensitiveSpan(start, end - start, SensitiveKind.Email));
            position = previousEnd = end;
        }

        return found;
    }

    /// <summary>Start of the local part before the '@' at <paramref name="at"/>, or -1 if there is none.</summary>
    private static int LocalPartStart(ReadOnlySpan<char> text, int at, int limit)
    {
        if (at == limit)
        {
            return -1;
        }

        if (text[at - 1] == '"')
        {
            return QuotedLocalPartStart(text, at, limit);
        }

        int start = at;
        while (start > limit && at - start <= MaxLocalPart && IsLocalPartChar(text[start - 1]) &&
               (start == at || !IsScriptSwitch(text[start - 1], text[start])))
        {
            start--;
        }

        if (at - start > MaxLocalPart)
        {
            return -1; // a long token (a hash, base64) with an '@' in it, not a mailbox
        }

        // Punctuation allowed in a local part but more often the text's own: "**a@b.cn**", "`a@b.cn`", "…a@b.cn".
        while (start < at && text[start] is '.' or '*' or '`' or '\'' or '=' or '|' or '/' or '{' or '}' or '~' or '^' or '?' or '!' or '#' or '$' or '&')
        {
            start++;
        }

        return start < at ? start : -1;
    }

    private static int QuotedLocalPartStart(ReadOnlySpan<char> text, int at, int limit)
    {
        for (int i = at - 2; i >= limit && at - i <= MaxLocalPart + 2; i--)
        {
            char c = text[i];
            if (c is '\n' or '\r')
            {
                return -1;
            }

            if (c == '"' && (i == 0 || text[i - 1] != '\\'))
            {
                return i < at - 2 ? i : -1;
            }
        }

        return -1;
    }

    private static bool IsLocalPartChar(char c) =>
        char.IsAsciiLetterOrDigit(c) || c is '.' or '_' or '%' or '+' or '-' or '!' or '#' or '$' or '&' or '\'' or '*' or '/' or '=' or '?' or '^' or '`' or '{' or '|' or '}' or '~' ||
        (c > '\x7f' && IsWordChar(c));

    /// <summary>End of the domain starting at <paramref name="from"/> (after the '@'), or -1 if it is not a valid one.</summary>
    private static int DomainEnd(ReadOnlySpan<char> text, int from)
    {
        if (from < text.Length && text[from] == '[')
        {
            return AddressLiteralEnd(text, from);
        }

        int end = from;
        while (end < text.Length && end - from < MaxDomain)
        {
            char c = text[end];
            if (IsDomainChar(c))
            {
                if (end > from && IsScriptSwitch(text[end - 1], c))
                {
                    break;
                }

                end++;
            }
            else if (c == '.' && end > from && text[end - 1] != '.' && end + 1 < text.Length && IsDomainChar(text[end + 1]))
            {
                end++;
            }
            else
            {
                break;
            }
        }

        while (end > from && text[end - 1] == '-')
        {
            end--; // "zhang@example.com-" in prose
        }

        return IsValidDomain(text[from..end]) ? end : -1;
    }

    private static bool IsDomainChar(char c) => char.IsAsciiLetterOrDigit(c) || c == '-' || (c > '\x7f' && IsWordChar(c));

    private static bool IsValidDomain(ReadOnlySpan<char> domain)
    {
        int lastDot = domain.LastIndexOf('.');
        if (lastDot <= 0)
        {
            return false; // "user@localhost"
        }

        int firstDot = domain.IndexOf('.');
        var firstLabel = domain[..firstDot];
        var tld = domain[(lastDot + 1)..];
        if (!IsTopLevelDomain(tld) || IsAssetExtension(tld) || IsScale(domain, firstDot))
        {
            return false;
        }

        // "pkg@1.0.0-rc.beta": two numeric labels first is a version, not a host.
        var rest = domain[(firstDot + 1)..];
        int secondDot = rest.IndexOf('.');
        var secondLabel = secondDot < 0 ? rest : rest[..secondDot];
        if (IsAllDigits(firstLabel) && IsAllDigits(secondLabel))
        {
            return false;
        }

        foreach (var range in domain.Split('.'))
        {
            var label = domain[range];
            if (label.IsEmpty || label.Length > 63 || label[0] == '-' || label[^1] == '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsTopLevelDomain(ReadOnlySpan<char> tld)
    {
        if (tld.Length > 4 && tld.StartsWith("xn--", StringComparison.OrdinalIgnoreCase))
        {
            return !tld[4..].ContainsAnyExcept(AsciiAlphanumericsAndHyphen);
        }

        if (tld.Length < 2)
        {
            return false;
        }

        foreach (char c in tld)
        {
            if (!(char.IsAsciiLetter(c) || (c > '\x7f' && IsLetterOrMark(c))))
            {
                return false;
            }
        }

        return true;
    }

    private static readonly SearchValues<char> AsciiAlphanumericsAndHyphen =
        SearchValues.Create("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-");

    private static readonly SearchValues<char> Ipv6Characters = SearchValues.Create("0123456789abcdefABCDEF:.");

    private static bool IsAssetExtension(ReadOnlySpan<char> tld)
    {
        foreach (string extension in AssetExtensions)
        {
            if (tld.Equals(extension, StringComparison.OrdinalIgnoreCase))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether the domain starts with a display scale: "2x", "1.5x" (asset names such as "logo@2x.png").</summary>
    private static bool IsScale(ReadOnlySpan<char> domain, int firstDot)
    {
        var head = domain[..firstDot];
        if (IsAllDigits(head))
        {
            // "1.5x": the scale's decimal point is the first dot.
            var rest = domain[(firstDot + 1)..];
            int next = rest.IndexOf('.');
            head = next < 0 ? rest : rest[..next];
        }

        return head.Length >= 2 && head[^1] is 'x' or 'X' && IsAllDigits(head[..^1]);
    }

    private static bool IsAllDigits(ReadOnlySpan<char> text) => !text.IsEmpty && !text.ContainsAnyExceptInRange('0', '9');

    /// <summary>"[192.0.2.1]" or "[IPv6:…]": the end after ']', or -1.</summary>
    private static int AddressLiteralEnd(ReadOnlySpan<char> text, int from)
    {
        int close = text[from..Math.Min(text.Length, from + 48)].IndexOf(']');
        if (close < 2)
        {
            return -1;
        }

        var inside = text.Slice(from + 1, close - 1);
        if (inside.StartsWith("IPv6:", StringComparison.OrdinalIgnoreCase))
        {
            return inside[5..].ContainsAnyExcept(Ipv6Characters) ? -1 : from + close + 1;
        }

        int parts = 0;
        foreach (var range in inside.Split('.'))
        {
            var part = inside[range];
            if (!IsAllDigits(part) || part.Length > 3 || int.Parse(part, CultureInfo.InvariantCulture) > 255)
            {
                return -1;
            }

            parts++;
        }

        return parts == 4 ? from + close + 1 : -1;
    }

    /// <summary>"ssh://git@host/…", "https://user:pass@host": a user name in a URL, not a mailbox.</summary>
    private static bool IsUrlUserName(ReadOnlySpan<char> text, int start)
    {
        int before = start;
        if (before > 0 && text[before - 1] == ':')
        {
            before--;
            while (before > 0 && (char.IsAsciiLetterOrDigit(text[before - 1]) || text[before - 1] is '.' or '_' or '-' or '%'))
            {
                before--;
            }
        }

        while (before > 0 && text[before - 1] == '/')
        {
            before--;
        }

        return before < start && before > 0 && text[before - 1] == ':' && text[before] == '/';
    }

    /// <summary>
    /// "git@github.com:org/repo.git", "deploy@host.example.com:/var/www" (scp-style host and path) and
    /// "this@Outer.method()" (a call in code).
    /// </summary>
    private static bool IsHostWithPathOrCall(ReadOnlySpan<char> text, int end)
    {
        if (end >= text.Length)
        {
            return false;
        }

        if (text[end] == '(')
        {
            return true;
        }

        return text[end] == ':' && end + 1 < text.Length && (char.IsAsciiLetterOrDigit(text[end + 1]) || text[end + 1] is '/' or '~' or '.' or '_');
    }

    /// <summary>Whether two adjacent letters or digits switch between CJK and any other script.</summary>
    private static bool IsScriptSwitch(char left, char right) =>
        IsCjk(left) != IsCjk(right) && char.IsLetterOrDigit(left) && char.IsLetterOrDigit(right);

    // Han (with radicals and compatibility ideographs), kana, Hangul and full-width forms.
    private static bool IsCjk(char c) => c is (>= '\u2E80' and <= '\u9FFF') or (>= '\uAC00' and <= '\uD7AF') or (>= '\uF900' and <= '\uFAFF') or (>= '\uFF00' and <= '\uFFEF');

    // Letters, digits and combining marks (Devanagari vowel signs); not punctuation, so "。，、；：" end an address.
    private static bool IsWordChar(char c) => char.IsLetterOrDigit(c) || IsMark(c);

    private static bool IsLetterOrMark(char c) => char.IsLetter(c) || IsMark(c);

    private static bool IsMark(char c) => CharUnicodeInfo.GetUnicodeCategory(c) is UnicodeCategory.NonSpacingMark or UnicodeCategory.SpacingCombiningMark;
}
