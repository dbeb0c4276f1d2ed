using System.Globalization;
using System.Security.Cryptography;
using System.Text;

namespace QwenLogFunctions.Alerting.Notifications;

/// <summary>
/// DingTalk robot "加签" signing: sign = URL-encoded base64(HMAC-SHA256(key: secret, data: timestamp + "\n" + secret)),
/// sent as &amp;timestamp=&amp;sign= with the millisecond timestamp; DingTalk refuses a timestamp over an hour old.
/// </summary>
public static class DingTalkSigner
{
    /// <summary>The base64 signature (not yet URL-encoded).</summary>
    public static string Sign(long timestampMilliseconds, string secret)
    {
        ArgumentException.ThrowIfNullOrEmpty(secret);
        var key = Encoding.UTF8.GetBytes(secret);
        var data = Encoding.UTF8.GetBytes(timestampMilliseconds.ToString(CultureInfo.InvariantCulture) + "\n" + secret);
        return Convert.ToBase64String(HMACSHA256.HashData(key, data));
    }

    /// <summary><paramref name="url"/> with timestamp and sign appended to its query.</summary>
    public static Uri AppendSignature(Uri url, string secret, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(url);
        long timestamp = now.ToUnixTimeMilliseconds();
        string sign = Uri.EscapeDataString(Sign(timestamp, secret));
        string separator = string.IsNullOrEmpty(url.Query) ? "?" : "&";
        return new Uri(url.AbsoluteUri + separator + "timestamp=" + timestamp.ToString(CultureInfo.InvariantCulture) + "&sign=" + sign);
    }
}
