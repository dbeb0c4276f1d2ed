using System.Text;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>
/// Property names are matched by length and one byte, then in full: every field is found at its own level, written
/// with escapes too, and look-alikes (same length and first byte, another level, one byte off) are skipped.
/// </summary>
public class LogLineParserFieldNameTests
{
    private const string Metadata =
        "\"prompt_tokens\": 11, \"completion_tokens\": 22, \"total_tokens\": 33, \"first_token_latency_ms\": 44, " +
        "\"total_latency_ms\": 555, \"device\": \"cuda:3\", \"temperature\": 0.25, \"function_calling\": true, \"json_mode\": true, " +
        "\"finish_reason\": \"length\", \"queue_time_ms\": 6, \"mean_itl_ms\": 7, \"tokens_per_second\": 8, \"gpu_memory_gb\": 2";

    [Fact]
    public void Every_field_is_read_at_its_level()
    {
        var parsed = Parse("{\"timestamp\": 1735689600, \"level\": \"WARN\", \"request_id\": \"r1\", \"model\": \"m\", \"input\": \"hi\", \"output\": \"yo\", \"metadata\": {" + Metadata + "}}");
        Assert.True(parsed.HasTimestamp && parsed.HasInput && parsed.HasOutput && parsed.HasMetadata);
        Assert.Equal(1735689600, parsed.Timestamp);
        Assert.True(parsed.Level.IsPresent && parsed.RequestId.IsPresent && parsed.Model.IsPresent && parsed.Device.IsPresent && parsed.FinishReason.IsPresent);
        Assert.Equal((11, 22, 33), (parsed.PromptTokens, parsed.CompletionTokens, parsed.TotalTokens));
        Assert.Equal((44.0, 555.0, 0.25), (parsed.FirstTokenLatencyMs, parsed.TotalLatencyMs, parsed.Temperature));
        Assert.True(parsed.FunctionCalling && parsed.JsonMode);
        Assert.Equal((6.0, 7.0, 8.0, 2048.0), (parsed.QueueTimeMs, parsed.MeanItlMs, parsed.TokensPerSecond, parsed.GpuMemoryMb));
    }

    [Fact]
    public void Server_metrics_are_read_at_the_top_level_too()
    {
        var parsed = Parse("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"queue_time_ms\": 6, \"mean_itl_ms\": 7, \"tokens_per_second\": 8, \"gpu_memory_mb\": 9, \"metadata\": {\"prompt_tokens\": 1, \"completion_tokens\": 1, \"total_latency_ms\": 5}}");
        Assert.Equal((6.0, 7.0, 8.0, 9.0), (parsed.QueueTimeMs, parsed.MeanItlMs, parsed.TokensPerSecond, parsed.GpuMemoryMb));
    }

    [Fact]
    public void Names_written_with_escapes_are_the_same_names()
    {
        var parsed = Parse("{\"\\u0074imestamp\": 1735689605, \"inp\\u0075t\": \"a\", \"output\": \"b\", \"metadata\": {\"prompt\\u005ftokens\": 3, \"completion_tokens\": 1, \"total_latency_ms\": 5}}");
        Assert.Equal(1735689605, parsed.Timestamp);
        Assert.True(parsed.HasInput);
        Assert.Equal(3, parsed.PromptTokens);
    }

    [Theory]
    [InlineData("\"prompt_tokens\": 99", "{\"input\": \"x\"}")] // a metadata field at the top level, a top-level field in metadata
    [InlineData("\"prompt_tokenz\": 99", "{\"inpuT\": \"x\"}")] // same length and first byte, one byte off
    [InlineData("\"gpu_memory_kb\": 99", "{\"modeL\": \"x\"}")]
    [InlineData("\"Input\": \"x\"", "{\"\": 1}")]
    public void Look_alike_names_are_skipped(string topLevelExtra, string metadataExtraObject)
    {
        string metadataExtra = "\"extra\": " + metadataExtraObject;
        var parsed = Parse("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", " + topLevelExtra + ", \"metadata\": {\"prompt_tokens\": 4, \"completion_tokens\": 1, \"total_latency_ms\": 5, " + metadataExtra + ", \"input\": \"zzz\", \"gpu_memory_kb\": 1}}");
        Assert.Equal(4, parsed.PromptTokens);
        Assert.Equal(1, parsed.InputLength); // "a", not "x" or "zzz"
        Assert.True(double.IsNaN(parsed.GpuMemoryMb));
    }

    private static ParsedLine Parse(string line)
    {
        var parsed = new ParsedLine();
        Assert.Null(LogLineParser.Parse(Encoding.UTF8.GetBytes(line), parsed));
        return parsed;
    }

    [Fact]
    public void A_name_is_its_field_exactly_and_nothing_else_is()
    {
        // Against a dictionary of every name: the names themselves, each with one byte changed at each offset (to a
        // letter, an underscore, a byte above ASCII, and its upper case), each cut or extended by a byte, and random
        // byte strings of every length around the names'.
        var fields = Enum.GetValues<LogLineParser.Field>().Where(f => f != LogLineParser.Field.Unknown).ToList();
        var byName = fields.ToDictionary(f => Encoding.ASCII.GetString(LogLineParser.NameOf(f)), f => f);
        LogLineParser.Field Expected(byte[] name) =>
            byName.TryGetValue(Encoding.Latin1.GetString(name), out var field) ? field : LogLineParser.Field.Unknown;

        var cases = new List<byte[]>();
        foreach (var field in fields)
        {
            byte[] name = LogLineParser.NameOf(field).ToArray();
            cases.Add(name);
            cases.Add(name[..^1]);
            cases.Add(name[1..]);
            cases.Add([.. name, (byte)'s']);
            for (int i = 0; i < name.Length; i++)
            {
                foreach (byte replacement in new byte[] { (byte)'a', (byte)'g', (byte)'_', 0xE4, (byte)char.ToUpperInvariant((char)name[i]) })
                {
                    byte[] changed = (byte[])name.Clone();
                    changed[i] = replacement;
                    cases.Add(changed);
                }
            }
        }

        var random = new Random(11);
        for (int i = 0; i < 20_000; i++)
        {
            var bytes = new byte[random.Next(0, 27)];
            for (int j = 0; j < bytes.Length; j++)
            {
                bytes[j] = random.Next(3) == 0 ? (byte)random.Next(256) : (byte)"_abcdefgilmnopqrstuy"[random.Next(20)];
            }

            cases.Add(bytes);
        }

        foreach (byte[] name in cases)
        {
            Assert.Equal(Expected(name), LogLineParser.FieldNamed(name));
        }

        Assert.All(fields, field => Assert.Equal(field, LogLineParser.FieldNamed(LogLineParser.NameOf(field))));
    }
}
