using System.Text;

namespace QwenLogFunctions.Generation;

/// <summary>
/// Answers to json_mode requests. Valid ones parse with any JSON parser (Python's json.loads and System.Text.Json
/// agree on them: no NaN, no duplicate keys); malformed ones fail both, in the ways models really fail.
/// </summary>
internal static class JsonAnswers
{
    /// <summary>A valid JSON document; with a positive <paramref name="budget"/> (bytes) code answers grow to about that size.</summary>
    public static string Valid(SeededRandom random, bool chinese, int budget)
    {
        if (budget > 0)
        {
            return CodeFiles(random, budget);
        }

        return random.Next(6) switch
        {
            0 => CodeFiles(random, 0),
            1 => Summary(random, chinese),
            2 => Classification(random, chinese),
            3 => Steps(random, chinese),
            4 => Pretty(random, chinese) + "\n",
            _ => "  " + Classification(random, chinese) + "\n",
        };
    }

    public static string Malformed(SeededRandom random, bool chinese)
    {
        string label = random.Pick(chinese ? ScenarioTexts.ZhLabels : ScenarioTexts.EnLabels);
        string score = PyJson.Num(0.5 + (random.NextDouble() * 0.49));
        return random.Next(6) switch
        {
            0 => "```json\n" + Summary(random, chinese) + "\n```",
            1 => (chinese ? "以下是 JSON 格式的结果：\n" : "Here is the JSON:\n") + Classification(random, chinese),
            2 => "{'label': '" + label + "', 'score': " + score + "}",
            3 => "{\"label\": " + PyJson.Str(label) + ", \"score\": " + score + ",}",
            4 => "{\"summary\": " + PyJson.Str(TextPools.Sentences(random, chinese, 2))[..^1],
            _ => "{label: " + PyJson.Str(label) + ", score: " + score + "}",
        };
    }

    private static string CodeFiles(SeededRandom random, int budget)
    {
        int first = random.Next(CodeSamples.All.Length);
        var (language, code) = CodeSamples.All[first];
        if (budget <= 0)
        {
            return PyJson.Obj(("language", PyJson.Str(language)), ("code", PyJson.Str(code)), ("explanation", PyJson.Str(TextPools.Sentence(random, random.Chance(0.6)))));
        }

        var files = new List<string>();
        int size = 0;
        for (int i = 0; size < budget && i < 64; i++)
        {
            var (lang, text) = i == 0 ? (language, code) : random.Pick(CodeSamples.All);
            string file = PyJson.Obj(("path", PyJson.Str("src/file" + PyJson.Num(i + 1) + "." + Extension(lang))), ("content", PyJson.Str(text)));
            files.Add(file);
            size += Encoding.UTF8.GetByteCount(file) + 20;
        }

        return PyJson.Obj(("files", PyJson.Arr(files)), ("summary", PyJson.Str(TextPools.Sentence(random, true))));
    }

    private static string Summary(SeededRandom random, bool chinese) => PyJson.Obj(
        ("summary", PyJson.Str(TextPools.Sentences(random, chinese, 2))),
        ("risks", PyJson.Arr([PyJson.Str(TextPools.Sentence(random, chinese)), PyJson.Str(TextPools.Sentence(random, chinese))])),
        ("confidence", PyJson.Num(0.5 + (random.NextDouble() * 0.49))));

    private static string Classification(SeededRandom random, bool chinese) => PyJson.Obj(
        ("label", PyJson.Str(random.Pick(chinese ? ScenarioTexts.ZhLabels : ScenarioTexts.EnLabels))),
        ("score", PyJson.Num(0.5 + (random.NextDouble() * 0.49))));

    private static string Steps(SeededRandom random, bool chinese)
    {
        int count = random.Next(2, 6);
        var steps = new List<string>();
        for (int i = 1; i <= count; i++)
        {
            steps.Add(PyJson.Obj(("step", PyJson.Num(i)), ("action", PyJson.Str(TextPools.Sentence(random, chinese)))));
        }

        return PyJson.Arr(steps);
    }

    private static string Pretty(SeededRandom random, bool chinese) =>
        "{\n  \"title\": " + PyJson.Str(random.Pick(chinese ? TextPools.ZhTopics : TextPools.EnTopics).Text)
        + ",\n  \"tags\": [\n    " + PyJson.Str(random.Pick(chinese ? ScenarioTexts.ZhLabels : ScenarioTexts.EnLabels))
        + ",\n    \"faq\"\n  ],\n  \"draft\": false,\n  \"body\": " + PyJson.Str(TextPools.Sentence(random, chinese)) + "\n}";

    private static string Extension(string language) => language switch
    {
        "python" => "py",
        "typescript" => "ts",
        "javascript" => "js",
        "csharp" => "cs",
        "bash" => "sh",
        _ => language,
    };
}
