using System.Text;
using System.Text.Json.Nodes;

namespace QwenLogFunctions.Alerting.Notifications;

/// <summary>The JSON body each channel expects, built from an alert.</summary>
internal static class WebhookPayloads
{
    /// <summary>Generic webhook: the alert's fields in snake_case under "alert", with status and title on top.</summary>
    public static JsonObject Generic(AlertRecord alert) => new()
    {
        ["source"] = "QwenLogFunctions",
        ["status"] = AlertText.IsFiring(alert) ? "firing" : "resolved",
        ["title"] = AlertText.Title(alert),
        ["alert"] = new JsonObject
        {
            ["key"] = alert.Key,
            ["rule_id"] = alert.RuleId,
            ["model"] = alert.Model,
            ["subject"] = alert.Subject,
            ["hour"] = AlertText.Iso(alert.Hour),
            ["severity"] = alert.Severity == AlertSeverity.Critical ? "critical" : "warning",
            ["value"] = alert.Value,
            ["threshold"] = alert.Threshold,
            ["unit"] = alert.Unit,
            ["message"] = alert.Message,
            ["fired_at"] = AlertText.Iso(alert.FiredAt),
            ["resolved_at"] = alert.ResolvedAt is { } resolved ? AlertText.Iso(resolved) : null,
        },
    };

    /// <summary>Slack incoming webhook: "text" (notification fallback) and Block Kit blocks.</summary>
    public static JsonObject Slack(AlertRecord alert)
    {
        var fields = new JsonArray();
        foreach (var (label, value) in AlertText.Facts(alert))
        {
            fields.Add((JsonNode)new JsonObject { ["type"] = "mrkdwn", ["text"] = $"*{EscapeSlack(label)}*\n{EscapeSlack(value)}" });
        }

        return new JsonObject
        {
            ["text"] = $"{AlertText.Title(alert)}: {alert.Message}",
            ["blocks"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "header",
                    ["text"] = new JsonObject { ["type"] = "plain_text", ["text"] = Truncate(AlertText.Title(alert), 150), ["emoji"] = true },
                },
                new JsonObject
                {
                    ["type"] = "section",
                    ["text"] = new JsonObject { ["type"] = "mrkdwn", ["text"] = EscapeSlack(alert.Message) },
                },
                new JsonObject { ["type"] = "section", ["fields"] = fields }),
        };
    }

    /// <summary>Teams workflow webhook: a message carrying one Adaptive Card 1.4.</summary>
    public static JsonObject Teams(AlertRecord alert)
    {
        var facts = new JsonArray();
        foreach (var (label, value) in AlertText.Facts(alert))
        {
            facts.Add((JsonNode)new JsonObject { ["title"] = label, ["value"] = value });
        }

        var card = new JsonObject
        {
            ["$schema"] = "http://adaptivecards.io/schemas/adaptive-card.json",
            ["type"] = "AdaptiveCard",
            ["version"] = "1.4",
            ["body"] = new JsonArray(
                new JsonObject
                {
                    ["type"] = "TextBlock",
                    ["text"] = AlertText.Title(alert),
                    ["weight"] = "Bolder",
                    ["size"] = "Medium",
                    ["color"] = AlertText.IsFiring(alert) ? "Attention" : "Good",
                    ["wrap"] = true,
                },
                new JsonObject { ["type"] = "TextBlock", ["text"] = alert.Message, ["wrap"] = true },
                new JsonObject { ["type"] = "FactSet", ["facts"] = facts }),
            ["msteams"] = new JsonObject { ["width"] = "Full" },
        };
        return new JsonObject
        {
            ["type"] = "message",
            ["attachments"] = new JsonArray(
                new JsonObject
                {
                    ["contentType"] = "application/vnd.microsoft.card.adaptive",
                    ["contentUrl"] = null,
                    ["content"] = card,
                }),
        };
    }

    /// <summary>WeCom group robot: markdown message (its own dialect: &lt;font color="warning|info|comment"&gt;).</summary>
    public static JsonObject WeCom(AlertRecord alert)
    {
        var text = new StringBuilder();
        string color = AlertText.IsFiring(alert) ? "warning" : "info";
        text.Append("## <font color=\"").Append(color).Append("\">").Append(AlertText.Title(alert)).Append("</font>\n");
        foreach (var (label, value) in AlertText.Facts(alert))
        {
            text.Append("> ").Append(label).Append(": <font color=\"comment\">").Append(value).Append("</font>\n");
        }

        text.Append('\n').Append(alert.Message);
        return new JsonObject
        {
            ["msgtype"] = "markdown",
            // WeCom refuses markdown content over 4096 bytes.
            ["markdown"] = new JsonObject { ["content"] = TruncateUtf8(text.ToString(), 4000) },
        };
    }

    /// <summary>DingTalk robot: markdown message with a title (shown in the conversation list).</summary>
    public static JsonObject DingTalk(AlertRecord alert)
    {
        var text = new StringBuilder();
        text.Append("### ").Append(AlertText.Title(alert)).Append("\n\n");
        foreach (var (label, value) in AlertText.Facts(alert))
        {
            text.Append("- **").Append(label).Append("**: ").Append(value).Append('\n');
        }

        text.Append('\n').Append(alert.Message);
        return new JsonObject
        {
            ["msgtype"] = "markdown",
            ["markdown"] = new JsonObject { ["title"] = Truncate(AlertText.Title(alert), 64), ["text"] = text.ToString() },
        };
    }

    private static string EscapeSlack(string text) =>
        text.Replace("&", "&amp;", StringComparison.Ordinal).Replace("<", "&lt;", StringComparison.Ordinal).Replace(">", "&gt;", StringComparison.Ordinal);

    private static string Truncate(string text, int maxChars) => text.Length <= maxChars ? text : text[..(maxChars - 1)] + "…";

    private static string TruncateUtf8(string text, int maxBytes)
    {
        if (Encoding.UTF8.GetByteCount(text) <= maxBytes)
        {
            return text;
        }

        int length = text.Length;
        while (length > 0 && Encoding.UTF8.GetByteCount(text.AsSpan(0, length)) > maxBytes - 3)
        {
            length -= Math.Max(1, length / 10);
        }

        if (length > 0 && char.IsHighSurrogate(text[length - 1]))
        {
            length--;
        }

        return text[..length] + "…";
    }
}
