using System.Text;
using CsCheck;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>
/// The parser reads a field's value in its usual form (epoch seconds, a count of one to seven digits, true, false, a short
/// string without escapes) without the scanner's general read. That is only a shortcut: every line, in any form, parses to the same fields and the same
/// reason as through the general reads.
/// </summary>
public class LogLineParserCommonValueTests
{
    private static readonly string[] NumericFields =
    [
        "prompt_tokens", "completion_tokens", "total_tokens", "total_latency_ms", "first_token_latency_ms", "temperature", "queue_time_ms",
        "mean_itl_ms", "tokens_per_second", "gpu_memory_mb", "gpu_memory_gb",
    ];
    private static readonly string[] FlagFields = ["function_calling", "json_mode"];

    // The usual forms, and the forms next to them that the shortcut must leave to the general read.
    private static readonly string[] Numbers =
    [
        "0", "7", "42", "279", "1234567", "9999999", "12345678", "100000000", "1000000001", "01", "00", "-0", "-1", "-15", "1.0", "0.5",
        "2.75", "1e3", "1E+2", "5e-1", "12.375", "0.0000001", "0.000001", "0.0000010", "999999999999.9", "1000000000000.5", "100000000000.25",
        "123456789012345", "1234567890123.45", "0.1234567890123456", "12345678901234.5", "813997172237874.01", "955430966832521.1", "3.", ".5", "1.5e3", "0.7", "00.5", "1.2.3", "null", "true", "\"5\"", "[1]", "{}", "1x", "12a", "1-", "NaN", "Infinity", "", "+1",
    ];

    private static readonly string[] Flags = ["true", "false", "null", "tru", "fals", "falsey", "trueX", "True", "FALSE", "1", "0", "\"true\"", "nul", ""];

    private static readonly string[] StringFields = ["level", "request_id", "model", "finish_reason"];

    // vLLM's metrics, read at the top level too.
    private static readonly string[] TopLevelNumericFields = ["queue_time_ms", "mean_itl_ms", "tokens_per_second", "gpu_memory_mb", "gpu_memory_gb"];

    private static readonly string[] Timestamps =
    [
        "1735689600", "946684800", "946684799", "4102444799", "4102444800", "1735689600000", "1735689600000000", "17356896000000000",
        "123456789012345", "1234567890123456", "01735689600", "-1735689600", "1735689600.5", "1735689600e0", "12345678", "5", "0",
        "\"2025-01-01T00:00:00Z\"", "null", "true", "1735689600x",
    ];

    private static readonly string[] Strings =
    [
        "\"INFO\"", "\"\"", "\"qwen2.5-7b-instruct\"", "\"req_q8tz236eut43\"", "\"1234567890123456789012345678901\"",
        "\"12345678901234567890123456789012\"", "\"a\\nb\"", "\"\\u0041\"", "\"tab\there\"", "\"模型\"", "\"x\"", "42", "null",
        "[\"a\"]", "\"unterminated",
    ];

    private static readonly string[] Others =
    [
        "\"device\": \"cuda:0\"", "\"temperature\": 0.7", "\"finish_reason\": \"stop\"", "\"queue_time_ms\": 12", "\"extra\": [true, 1]",
    ];

    [Fact]
    public void Metadata_values_read_the_same_with_and_without_the_shortcut()
    {
        var spacing = Gen.OneOfConst(": ", ":", " : ", ":\t", ":  ", ":\n");
        var after = Gen.OneOfConst("", "", " ", "\t", "  ", "\r\n ");
        var numeric = Gen.Select(Gen.OneOfConst(NumericFields), spacing, Gen.OneOfConst(Numbers), after)
            .Select(t => $"\"{t.Item1}\"{t.Item2}{t.Item3}{t.Item4}");
        var flag = Gen.Select(Gen.OneOfConst(FlagFields), spacing, Gen.OneOfConst(Flags), after)
            .Select(t => $"\"{t.Item1}\"{t.Item2}{t.Item3}{t.Item4}");
        var device = Gen.Select(Gen.OneOfConst("device", "finish_reason"), spacing, Gen.OneOfConst(Strings), after).Select(t => $"\"{t.Item1}\"{t.Item2}{t.Item3}{t.Item4}");
        var member = Gen.Frequency((5, numeric), (3, flag), (2, device), (1, Gen.OneOfConst(Others)));
        var timestamp = Gen.Select(spacing, Gen.OneOfConst(Timestamps), after).Select(t => $"\"timestamp\"{t.Item1}{t.Item2}{t.Item3}");
        var text = Gen.Select(Gen.OneOfConst(StringFields), spacing, Gen.OneOfConst(Strings), after).Select(t => $"\"{t.Item1}\"{t.Item2}{t.Item3}{t.Item4}");
        var topLevelNumber = Gen.Select(Gen.OneOfConst(TopLevelNumericFields), spacing, Gen.OneOfConst(Numbers), after)
            .Select(t => $"\"{t.Item1}\"{t.Item2}{t.Item3}{t.Item4}");
        var topLevel = Gen.Frequency((2, timestamp), (3, text), (1, topLevelNumber));
        var separator = Gen.OneOfConst(", ", ",", " , ", ",\n");

        // The metadata last or not (a value near the line's end cannot be read 8 bytes at a time), closed or cut short.
        var line = Gen.Select(member.Array[0, 12], topLevel.Array[0, 5], separator, Gen.Bool, Gen.Int[0, 12])
            .Select(t =>
            {
                var (members, top, sep, metadataLast, cut) = t;
                string metadata = "\"metadata\": {" + string.Join(sep, members) + "}";
                string rest = string.Concat(top.Select(m => m + sep));
                string line = metadataLast
                    ? "{" + rest + "\"input\": \"a\", \"output\": \"b\", " + metadata + "}"
                    : "{" + metadata + ", " + rest + "\"input\": \"a\", \"output\": \"b\"}";
                return cut == 0 && line.Length > 3 ? line[..^(1 + (line.Length % 3))] : line;
            });

        // Lines in sequence through one buffer each, as a worker reads them (the field order is predicted from the last line).
        line.Array[1, 6].Sample(lines =>
        {
            var withShortcut = new ParsedLine();
            var without = new ParsedLine();
            foreach (string text in lines)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(text);
                string? expected = LogLineParser.Parse(bytes, without, commonValueReads: false);
                string? actual = LogLineParser.Parse(bytes, withShortcut, commonValueReads: true);
                Assert.Equal(expected, actual);
                Assert.Equal(ParsedLineSnapshot.Of(without), ParsedLineSnapshot.Of(withShortcut));
            }
        }, iter: 30_000);
    }

    [Theory]
    [InlineData("\"prompt_tokens\": 1234567", 1234567L)]
    [InlineData("\"prompt_tokens\": 0", 0L)]
    [InlineData("\"prompt_tokens\":9", 9L)]
    public void A_short_count_is_read(string member, long expected)
    {
        var parsed = new ParsedLine();
        string text = "{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"metadata\": {" + member + ", \"completion_tokens\": 2, \"total_latency_ms\": 3, \"json_mode\": true}}";
        Assert.Null(LogLineParser.Parse(Encoding.UTF8.GetBytes(text), parsed));
        Assert.Equal((expected, 2L, 3.0, true), (parsed.PromptTokens, parsed.CompletionTokens, parsed.TotalLatencyMs, parsed.JsonMode));
    }

    [Theory]
    [InlineData("-1", "field 'metadata.prompt_tokens' is negative (-1)")]
    [InlineData("01", "invalid JSON at byte")]
    [InlineData("1.5", "field 'metadata.prompt_tokens' is not an integer")]
    [InlineData("tru", "invalid JSON at byte")]
    public void A_value_the_shortcut_leaves_gets_the_general_reason(string value, string reasonStart)
    {
        string text = "{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"metadata\": {\"prompt_tokens\": " + value + ", \"completion_tokens\": 2, \"total_latency_ms\": 3}}";
        string? reason = LogLineParser.Parse(Encoding.UTF8.GetBytes(text), new ParsedLine());
        Assert.NotNull(reason);
        Assert.StartsWith(reasonStart, reason, StringComparison.Ordinal);
    }
}
