using System.Text;
using CsCheck;
using QwenLogFunctions.Core.Parsing;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>
/// The parser tries first the name that followed the previous one on the worker's last line, by comparing its bytes.
/// That is only a shortcut: a line parses the same after any other lines as on its own, whatever its names' order,
/// spacing, escapes, unknown or repeated names, or damage.
/// </summary>
public class LogLineParserNamePredictionTests
{
    private static readonly string[] TopLevel =
    [
        "\"timestamp\": 1735689600", "\"level\": \"INFO\"", "\"request_id\": \"r1\"", "\"request_id\": 42", "\"model\": \"qwen\"",
        "\"input\": \"hello\\nworld\"", "\"output\": \"{\\\"a\\\": 1}\"", "\"queue_time_ms\": 6", "\"gpu_memory_mb\": 9",
        "\"inp\\u0075t\": \"escaped name\"", "\"extra\": [1, {\"input\": 2}]", "\"model\": null", "\"timestamp\": \"2025-01-01T00:00:00Z\"",
    ];

    private static readonly string[] InMetadata =
    [
        "\"prompt_tokens\": 11", "\"completion_tokens\": 22", "\"total_tokens\": 33", "\"first_token_latency_ms\": 44.5",
        "\"total_latency_ms\": 555", "\"device\": \"cuda:3\"", "\"temperature\": 0.25", "\"function_calling\": true", "\"json_mode\": false",
        "\"finish_reason\": \"length\"", "\"mean_itl_ms\": 7", "\"tokens_per_second\": 8", "\"gpu_memory_gb\": 2",
        "\"prompt\\u005ftokens\": 3", "\"input\": \"not here\"", "\"prompt_tokens\": -1", "\"total_latency_ms\": \"slow\"",
    ];

    [Fact]
    public void A_line_parses_the_same_after_any_other_lines_as_on_its_own()
    {
        var separator = Gen.OneOfConst(", ", ",", " , ", ",\t", ",\n");
        var colonSpacing = Gen.OneOfConst((string?)null, ":", " : ", ":\t");
        var member = Gen.Select(Gen.OneOfConst(TopLevel), colonSpacing).Select(pair => Respace(pair.Item1, pair.Item2));
        var metadataMember = Gen.Select(Gen.OneOfConst(InMetadata), colonSpacing).Select(pair => Respace(pair.Item1, pair.Item2));
        var metadata = Gen.Select(metadataMember.Array[0, 10], separator).Select(pair => "\"metadata\": {" + string.Join(pair.Item2, pair.Item1) + "}");
        var line = Gen.Select(member.Array[0, 8], metadata, Gen.Int[0, 8], separator, Gen.Int[0, 20])
            .Select(tuple =>
            {
                var (members, meta, at, sep, damage) = tuple;
                var all = members.ToList();
                all.Insert(Math.Min(at, all.Count), meta);
                string text = "{" + string.Join(sep, all) + "}";

                // Now and then a damaged line: a name cut short, a lost colon or comma, a trailing comma.
                return damage switch
                {
                    0 when text.Length > 10 => text.Remove(text.Length / 2, 1),
                    1 => text.Replace("\": ", "\" ", StringComparison.Ordinal),
                    2 => text.Replace("}", ",}", StringComparison.Ordinal),
                    _ => text,
                };
            });

        // Sequences of lines through one parsed-line buffer (as a worker reads them), each against a fresh buffer.
        line.Array[1, 8].Sample(lines =>
        {
            var shared = new ParsedLine();
            foreach (string text in lines)
            {
                byte[] bytes = Encoding.UTF8.GetBytes(text);
                var fresh = new ParsedLine();
                string? expected = LogLineParser.Parse(bytes, fresh);
                string? actual = LogLineParser.Parse(bytes, shared);
                Assert.Equal(expected, actual);
                Assert.Equal(ParsedLineSnapshot.Of(fresh), ParsedLineSnapshot.Of(shared));
            }
        }, iter: 20_000);
    }

    [Fact]
    public void A_server_that_changes_its_order_is_read_in_the_new_order()
    {
        var shared = new ParsedLine();
        Assert.Null(LogLineParser.Parse(Encoding.UTF8.GetBytes("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"metadata\": {\"prompt_tokens\": 1, \"completion_tokens\": 2, \"total_latency_ms\": 3}}"), shared));
        Assert.Null(LogLineParser.Parse(Encoding.UTF8.GetBytes("{\"output\": \"bb\", \"metadata\": {\"total_latency_ms\": 30, \"completion_tokens\": 20, \"prompt_tokens\": 10}, \"input\": \"aa\", \"timestamp\": 1735689601}"), shared));
        Assert.Equal((1735689601.0, 2, 2, 10L, 20L, 30.0), (shared.Timestamp, shared.InputLength, shared.OutputLength, shared.PromptTokens, shared.CompletionTokens, shared.TotalLatencyMs));
    }

    private static string Respace(string member, string? colon) =>
        colon is null ? member : member.Replace("\": ", "\"" + colon, StringComparison.Ordinal);
}
