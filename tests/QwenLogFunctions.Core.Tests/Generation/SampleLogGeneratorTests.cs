using System.IO.Compression;
using System.Text.Json;
using System.Text.RegularExpressions;
using QwenLogFunctions.Generation;

namespace QwenLogFunctions.Core.Tests.Generation;

public class SampleLogGeneratorTests
{
    private static readonly string[] MetadataFields =
    [
        "prompt_tokens", "completion_tokens", "total_tokens", "first_token_latency_ms", "total_latency_ms", "device", "temperature",
        "function_calling", "json_mode",
    ];

    private static readonly string[] JailbreakKeywords = ["忽略上述指令", "system prompt", "你是一个程序员"];

    [Fact]
    public void Same_seed_gives_the_same_bytes_and_another_seed_does_not()
    {
        var options = new GeneratorOptions { Seed = 7, BrokenLineShare = 0.05, TargetAverageLineBytes = 1500 };
        byte[] first = GeneratedShard.Create(options, 3000).Bytes;
        byte[] second = GeneratedShard.Create(options, 3000).Bytes;
        byte[] other = GeneratedShard.Create(new GeneratorOptions { Seed = 8, BrokenLineShare = 0.05, TargetAverageLineBytes = 1500 }, 3000).Bytes;

        Assert.Equal(first, second);
        Assert.NotEqual(first, other);
    }

    [Fact]
    public void Without_broken_lines_every_line_is_a_record_in_the_article_schema()
    {
        var options = new GeneratorOptions { Seed = 1, Hours = 6 };
        GeneratedShard shard = GeneratedShard.Create(options, 5000);
        long start = options.Start.ToUnixTimeSeconds();

        Assert.Equal(5000, shard.Lines.Length);
        Assert.DoesNotContain('\r', shard.Text);
        foreach (JsonElement record in shard.Records())
        {
            Assert.Equal(JsonValueKind.Object, record.ValueKind);
            long timestamp = record.GetProperty("timestamp").GetInt64();
            Assert.InRange(timestamp, start, start + (6 * 3600) - 1);
            Assert.Contains(record.GetProperty("level").GetString(), new[] { "INFO", "WARNING", "ERROR" });
            Assert.False(string.IsNullOrEmpty(record.GetProperty("request_id").GetString()));
            Assert.Contains("qwen2.5-7b-instruct", record.GetProperty("model").GetString()!, StringComparison.OrdinalIgnoreCase);
            Assert.Equal(JsonValueKind.String, record.GetProperty("input").ValueKind);
            Assert.Equal(JsonValueKind.String, record.GetProperty("output").ValueKind);

            JsonElement metadata = record.GetProperty("metadata");
            foreach (string field in MetadataFields)
            {
                Assert.True(metadata.TryGetProperty(field, out _), $"metadata.{field} missing");
            }

            int prompt = metadata.GetProperty("prompt_tokens").GetInt32();
            int completion = metadata.GetProperty("completion_tokens").GetInt32();
            Assert.Equal(prompt + completion, metadata.GetProperty("total_tokens").GetInt32());
            Assert.True(prompt > 0);
            Assert.True(completion >= 0);
            long firstToken = metadata.GetProperty("first_token_latency_ms").GetInt64();
            long total = metadata.GetProperty("total_latency_ms").GetInt64();
            Assert.InRange(firstToken, 0, total);
            Assert.Matches("^cuda:[01]$", metadata.GetProperty("device").GetString()!);
            Assert.InRange(metadata.GetProperty("temperature").GetDouble(), 0, 2);
            Assert.True(metadata.GetProperty("function_calling").ValueKind is JsonValueKind.True or JsonValueKind.False);
            Assert.True(metadata.GetProperty("json_mode").ValueKind is JsonValueKind.True or JsonValueKind.False);
            if (metadata.TryGetProperty("finish_reason", out JsonElement finish))
            {
                Assert.Contains(finish.GetString(), new[] { "stop", "length" });
                Assert.True(metadata.GetProperty("queue_time_ms").GetDouble() >= 0);
                Assert.True(metadata.GetProperty("mean_itl_ms").GetDouble() > 0);
                Assert.True(metadata.GetProperty("tokens_per_second").GetDouble() >= 0);
                Assert.InRange(metadata.GetProperty("gpu_memory_gb").GetDouble(), 1, 80);
            }
        }
    }

    [Fact]
    public void Every_situation_appears_and_what_is_planted_is_what_is_in_the_text()
    {
        GeneratedShard shard = GeneratedShard.Create(new GeneratorOptions { Seed = 3 }, 20_000);
        GenerationSummary summary = shard.Summary;
        foreach (OutputScenario scenario in Enum.GetValues<OutputScenario>())
        {
            Assert.True(summary.Outputs[scenario] > 0, $"no {scenario} line");
        }

        foreach (InputScenario scenario in Enum.GetValues<InputScenario>())
        {
            Assert.True(summary.Inputs[scenario] > 0, $"no {scenario} input");
        }

        var idLines = 0;
        var cardLines = 0;
        var invalidIdCandidates = 0;
        var invalidCardCandidates = 0;
        var phoneLines = 0;
        var emailLines = 0;
        var secretLines = 0;
        var jailbreakLines = 0;
        var malformedLines = 0;
        var emptyLines = 0;
        var toolLines = 0;
        var truncatedLines = 0;
        foreach (JsonElement record in shard.Records())
        {
            string output = record.GetProperty("output").GetString()!;
            JsonElement metadata = record.GetProperty("metadata");

            // Digit runs, bounded by non-digits: the planted numbers never touch other digits.
            bool validId = false, validCard = false;
            foreach (Match run in Regex.Matches(output, "(?<![0-9])[0-9]{13,19}X?(?![0-9])"))
            {
                string number = run.Value;
                if (number.Length == 18)
                {
                    if (Validators.IsValidResidentId(number))
                    {
                        validId = true;
                    }
                    else
                    {
                        invalidIdCandidates++;
                    }
                }
                else if (Validators.PassesLuhn(number))
                {
                    validCard = true;
                }
                else
                {
                    invalidCardCandidates++;
                }
            }

            idLines += validId ? 1 : 0;
            cardLines += validCard ? 1 : 0;
            phoneLines += Regex.IsMatch(output, "(?<![0-9])1[3-9][0-9]{9}(?![0-9])") ? 1 : 0;
            emailLines += Regex.IsMatch(output, @"[A-Za-z0-9._%+-]+@[A-Za-z0-9.-]+\.[A-Za-z]{2,}") ? 1 : 0;
            secretLines += Regex.IsMatch(output, "sk-[A-Za-z0-9]{48}|AKIA[A-Z2-7]{16}|-----BEGIN RSA PRIVATE KEY-----") ? 1 : 0;
            jailbreakLines += JailbreakKeywords.Any(k => output.Contains(k, StringComparison.Ordinal)) ? 1 : 0;
            emptyLines += output.Trim().Length == 0 ? 1 : 0;
            toolLines += metadata.GetProperty("function_calling").GetBoolean() ? 1 : 0;
            truncatedLines += metadata.TryGetProperty("finish_reason", out JsonElement finish) && finish.GetString() == "length" ? 1 : 0;
            if (metadata.GetProperty("json_mode").GetBoolean() && output.Trim().Length > 0 && !ParsesAsJson(output))
            {
                malformedLines++;
            }
        }

        Assert.Equal(summary.Outputs[OutputScenario.IdNumber], idLines);
        Assert.Equal(summary.Outputs[OutputScenario.BankCard], cardLines);
        Assert.True(invalidIdCandidates > 0 && invalidCardCandidates > 0, "decoy numbers missing");
        Assert.Equal(summary.Outputs[OutputScenario.DecoyNumber], invalidIdCandidates + invalidCardCandidates);
        Assert.Equal(summary.Outputs[OutputScenario.Phone], phoneLines);
        Assert.Equal(summary.Outputs[OutputScenario.Email], emailLines);
        Assert.Equal(summary.Outputs[OutputScenario.Secret], secretLines);
        Assert.Equal(summary.Outputs[OutputScenario.Jailbreak], jailbreakLines);
        Assert.Equal(summary.Outputs[OutputScenario.MalformedJson], malformedLines);
        Assert.Equal(summary.Outputs[OutputScenario.EmptyOutput] + summary.Outputs[OutputScenario.Error], emptyLines);
        Assert.Equal(summary.Outputs[OutputScenario.ValidToolCall] + summary.Outputs[OutputScenario.InvalidToolCall], toolLines);
        Assert.Equal(summary.Outputs[OutputScenario.Truncated], truncatedLines);
    }

    [Fact]
    public void With_every_share_at_zero_no_line_carries_anything_a_rule_looks_for()
    {
        var options = new GeneratorOptions
        {
            Seed = 5, ErrorShare = 0, EmptyOutputShare = 0, SensitiveWordShare = 0, ValidJsonShare = 0, MalformedJsonShare = 0,
            JailbreakShare = 0, IdNumberShare = 0, BankCardShare = 0, PhoneShare = 0, EmailShare = 0, DecoyNumberShare = 0,
            SecretShare = 0, ValidToolCallShare = 0, InvalidToolCallShare = 0, RefusalShare = 0, TruncatedShare = 0,
            PromptInjectionShare = 0, EmptyPromptShare = 0, RepeatedInputShare = 0, TargetAverageLineBytes = 3000,
        };
        GeneratedShard shard = GeneratedShard.Create(options, 3000);
        var inputs = new HashSet<string>(StringComparer.Ordinal);
        foreach (JsonElement record in shard.Records())
        {
            string input = record.GetProperty("input").GetString()!;
            string output = record.GetProperty("output").GetString()!;
            Assert.True(inputs.Add(input), "an input repeated by chance");
            Assert.NotEqual("ERROR", record.GetProperty("level").GetString());
            Assert.False(record.GetProperty("metadata").GetProperty("json_mode").GetBoolean());
            Assert.False(record.GetProperty("metadata").GetProperty("function_calling").GetBoolean());
            Assert.NotEmpty(output.Trim());
            foreach (string text in new[] { input, output })
            {
                Assert.DoesNotMatch("[0-9]{11}|@|sk-|AKIA|BEGIN|密码|身份证|银行卡|忽略|system prompt|你是一个程序员|抱歉|sorry|ignore|jailbreak|developer mode", text);
            }
        }
    }

    [Fact]
    public void Average_line_size_reaches_the_target()
    {
        GeneratedShard shard = GeneratedShard.Create(new GeneratorOptions { Seed = 11, TargetAverageLineBytes = 2300 }, 20_000);
        double average = (double)shard.Bytes.Length / shard.Lines.Length;

        Assert.InRange(average, 2300 * 0.97, 2300 * 1.03);
        Assert.Equal(shard.Bytes.Length, shard.Summary.Bytes);
        // Skewed, not padded to one size: the longest lines are many times the median.
        int[] sizes = shard.Lines.Select(l => l.Length).Order().ToArray();
        Assert.True(sizes[^1] > 5 * sizes[sizes.Length / 2]);
    }

    [Fact]
    public void Broken_lines_of_every_kind_appear_when_asked_and_only_then()
    {
        GeneratedShard shard = GeneratedShard.Create(new GeneratorOptions { Seed = 9, BrokenLineShare = 0.2 }, 4000);
        GenerationSummary summary = shard.Summary;
        foreach (BrokenLineKind kind in Enum.GetValues<BrokenLineKind>())
        {
            Assert.True(summary.BrokenLines[kind] > 0, $"no {kind} line");
        }

        int blank = shard.Lines.Count(l => l.Length == 0);
        int whitespace = shard.Lines.Count(l => l.Length > 0 && string.IsNullOrWhiteSpace(l));
        int crlf = shard.Lines.Count(l => l.EndsWith('\r'));
        int notObjects = shard.Lines.Count(l => !string.IsNullOrWhiteSpace(l) && !ParsesAsObject(l));

        Assert.Equal(4000, shard.Lines.Length);
        Assert.Equal(summary.BrokenLines[BrokenLineKind.Blank], blank);
        Assert.Equal(summary.BrokenLines[BrokenLineKind.WhitespaceOnly], whitespace);
        Assert.Equal(summary.BrokenLines[BrokenLineKind.CrLf], crlf);
        // Invalid JSON includes NaN literals, which strict parsers refuse; non-objects and truncated lines always fail.
        Assert.Equal(summary.BrokenLines[BrokenLineKind.InvalidJson] + summary.BrokenLines[BrokenLineKind.Truncated] + summary.BrokenLines[BrokenLineKind.NonObject], notObjects);

        Assert.Equal(0, GeneratedShard.Create(new GeneratorOptions { Seed = 9 }, 4000).Summary.BrokenLines.Values.Sum());
    }

    [Fact]
    public void Gzip_output_decompresses_to_the_plain_output()
    {
        var options = new GeneratorOptions { Seed = 2, BrokenLineShare = 0.01 };
        byte[] plain = GeneratedShard.Create(options, 1000).Bytes;
        using var compressed = new MemoryStream();
        new SampleLogGenerator(options).Write(compressed, 1000, gzip: true);
        compressed.Position = 0;
        using var gzip = new GZipStream(compressed, CompressionMode.Decompress);
        using var result = new MemoryStream();
        gzip.CopyTo(result);

        Assert.Equal(0x1f, compressed.ToArray()[0]);
        Assert.Equal(plain, result.ToArray());
    }

    [Fact]
    public void Invalid_options_are_refused_with_the_setting_named()
    {
        var tooMany = new GeneratorOptions { RefusalShare = 0.6, ValidJsonShare = 0.6 };
        Assert.Contains("output scenario shares", Assert.Throws<ArgumentException>(() => new SampleLogGenerator(tooMany)).Message);
        Assert.Contains("BrokenLineShare", Assert.Throws<ArgumentException>(() => new SampleLogGenerator(new GeneratorOptions { BrokenLineShare = 1.5 })).Message);
        Assert.Contains("Hours", Assert.Throws<ArgumentException>(() => new SampleLogGenerator(new GeneratorOptions { Hours = 0 })).Message);
    }

    private static bool ParsesAsJson(string text)
    {
        try
        {
            using var document = JsonDocument.Parse(text);
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }

    private static bool ParsesAsObject(string line)
    {
        try
        {
            using var document = JsonDocument.Parse(line);
            return document.RootElement.ValueKind == JsonValueKind.Object;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
