using System.Globalization;

namespace QwenLogFunctions.Generation;

/// <summary>
/// Function-calling requests and the Hermes-style answers Qwen2.5 gives to them:
/// <c>&lt;tool_call&gt;\n{"name": ..., "arguments": {...}}\n&lt;/tool_call&gt;</c>, one block per call.
/// </summary>
internal static class ToolCalls
{
    /// <summary>
    /// Chooses a tool request. Returns the answer text; <paramref name="prompt"/> receives the user's request.
    /// <paramref name="valid"/> false gives a broken call: bad JSON, no name, single quotes, or a Python-style call.
    /// </summary>
    public static string Pick(SeededRandom random, bool chinese, long timestamp, bool valid, out string prompt)
    {
        var (name, arguments, request) = Request(random, chinese, timestamp);
        prompt = request;
        string preface = random.Chance(0.3) ? (chinese ? "我来帮你查询一下。\n" : "Let me look that up.\n") : string.Empty;
        if (valid)
        {
            string call = Block(PyJson.Obj(("name", PyJson.Str(name)), ("arguments", arguments)));
            if (random.Chance(0.15))
            {
                // Parallel calls: Qwen emits one block per call.
                var (name2, arguments2, _) = Request(random, chinese, timestamp);
                call += "\n" + Block(PyJson.Obj(("name", PyJson.Str(name2)), ("arguments", arguments2)));
            }

            return preface + call;
        }

        string full = PyJson.Obj(("name", PyJson.Str(name)), ("arguments", arguments));
        return preface + random.Next(4) switch
        {
            0 => Block(full[..^1]),
            1 => Block(PyJson.Obj(("arguments", arguments))),
            2 => Block(full.Replace('"', '\'')),
            _ => Block(name + "(" + arguments.Trim('{', '}').Replace("\": ", "=", StringComparison.Ordinal).Replace("\"", string.Empty, StringComparison.Ordinal) + ")"),
        };
    }

    private static string Block(string json) => "<tool_call>\n" + json + "\n</tool_call>";

    private static (string Name, string Arguments, string Prompt) Request(SeededRandom random, bool chinese, long timestamp)
    {
        string tomorrow = DateTimeOffset.FromUnixTimeSeconds(timestamp).AddHours(8).AddDays(1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        switch (random.Next(6))
        {
            case 0:
            {
                int city = random.Next(ScenarioTexts.ZhCities.Length);
                string args = PyJson.Obj(("city", PyJson.Str(chinese ? ScenarioTexts.ZhCities[city] : ScenarioTexts.EnCities[city])), ("date", PyJson.Str(tomorrow)), ("unit", PyJson.Str("celsius")));
                return ("get_weather", args, chinese ? ScenarioTexts.ZhCities[city] + "明天天气怎么样？需要带伞吗？" : "What's the weather in " + ScenarioTexts.EnCities[city] + " tomorrow?");
            }

            case 1:
            {
                string order = "SO" + random.Next(10_000_000, 99_999_999).ToString(CultureInfo.InvariantCulture);
                return ("query_order", PyJson.Obj(("order_id", PyJson.Str(order))), chinese ? "帮我查一下订单 " + order + " 的物流状态。" : "Where is order " + order + "?");
            }

            case 2:
            {
                TextFragment topic = random.Pick(chinese ? TextPools.ZhTopics : TextPools.EnTopics);
                string query = chinese ? topic.Text + " 最新进展" : "latest news on " + topic.Text;
                return ("search_web", PyJson.Obj(("query", PyJson.Str(query))), chinese ? "搜索一下" + topic.Text + "的最新进展。" : "Search the web for the latest news on " + topic.Text + ".");
            }

            case 3:
            {
                int a = random.Next(2, 999), b = random.Next(2, 999), c = random.Next(2, 99);
                string expression = string.Create(CultureInfo.InvariantCulture, $"({a} + {b}) * {c}");
                return ("calculate", PyJson.Obj(("expression", PyJson.Str(expression))), chinese ? "帮我算一下 " + expression + " 等于多少。" : "What is " + expression + "?");
            }

            case 4:
            {
                string symbol = random.Pick(ScenarioTexts.StockSymbols);
                return ("get_stock_price", PyJson.Obj(("symbol", PyJson.Str(symbol))), chinese ? symbol + " 现在的股价是多少？" : "What's the current price of " + symbol + "?");
            }

            default:
            {
                string room = random.Pick(ScenarioTexts.Rooms);
                int minutes = 30 * random.Next(1, 4);
                string args = PyJson.Obj(("room", PyJson.Str(room)), ("start_time", PyJson.Str(tomorrow + "T10:00:00+08:00")), ("duration_minutes", PyJson.Num(minutes)));
                return ("book_meeting_room", args, chinese ? "帮我预订明天上午十点的 " + room + " 会议室。" : "Book room " + room + " tomorrow at 10am.");
            }
        }
    }
}
