using System.Globalization;
using System.Text.Json;

namespace QwenLogFunctions.Alerting.Notifications;

/// <summary>How a channel says no inside an HTTP 200.</summary>
internal static class WebhookResponses
{
    /// <summary>Any 2xx is success.</summary>
    public static string? StatusOnly(string body) => null;

    /// <summary>
    /// WeCom and DingTalk answer 200 with {"errcode":N,"errmsg":"..."}; errcode 0 is success, anything else
    /// (bad key, bad signature, rate limit 45009/130101) is a failure.
    /// </summary>
    public static string? ErrCode(string body)
    {
        try
        {
            using var document = JsonDocument.Parse(body);
            if (document.RootElement.ValueKind == JsonValueKind.Object
                && document.RootElement.TryGetProperty("errcode", out var code)
                && code.TryGetInt64(out long errcode))
            {
                if (errcode == 0)
                {
                    return null;
                }

                string message = document.RootElement.TryGetProperty("errmsg", out var errmsg) && errmsg.ValueKind == JsonValueKind.String
                    ? errmsg.GetString() ?? string.Empty
                    : string.Empty;
                return $"errcode {errcode.ToString(CultureInfo.InvariantCulture)}: {Shorten(message)}";
            }
        }
        catch (JsonException)
        {
            // Fall through: a 200 without the expected envelope is not proof of delivery.
        }

        return $"unexpected response: {Shorten(body)}";
    }

    /// <summary>Keeps error text short enough for a table property and a log line.</summary>
    public static string Shorten(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
