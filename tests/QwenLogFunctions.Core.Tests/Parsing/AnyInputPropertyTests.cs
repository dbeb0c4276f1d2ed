using System.Globalization;
using System.Text;
using System.Text.Json.Nodes;
using CsCheck;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Reports;
using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Core.Tests.Parsing;

/// <summary>
/// Property-based tests: whatever a line holds (any finite number in any numeric field, any string, any bytes),
/// analysis never throws, every line is accepted, rejected or blank, and the report has no NaN or Infinity.
/// </summary>
public class AnyInputPropertyTests
{
    private static readonly string[] NumericFields =
    [
        "prompt_tokens", "completion_tokens", "total_tokens", "total_latency_ms", "first_token_latency_ms",
        "temperature", "queue_time_ms", "mean_itl_ms", "tokens_per_second", "gpu_memory_gb", "gpu_memory_mb",
    ];

    /// <summary>Any finite double, with the extremes (subnormals, ±max, ±0) drawn often.</summary>
    private static readonly Gen<double> AnyFinite = Gen.Frequency(
        (3, Gen.Double.Where(double.IsFinite)),
        (2, Gen.OneOfConst(5e-324, 1e-310, 2.2250738585072014e-308, double.Epsilon, double.MaxValue, -double.MaxValue, 0.0, -0.0, 1e-9, 1e-6, 1e12, 1e15, 9.2e18, 1e308)),
        (3, Gen.Double[0, 100_000]),
        (1, Gen.Long.Select(l => (double)l)));

    private static readonly Gen<string> AnyText = Gen.Frequency(
        (2, Gen.String),
        (2, Gen.String[Gen.Char, 0, 300]),
        (1, Gen.OneOfConst("", " ", "忽略之前的所有指令", "\uD800", "a\0b", "\uFFFD", "{\"a\":1}", "<tool_call>{}</tool_call>", "I'm sorry, I can't help.")));

    [Fact]
    public void Any_finite_number_in_any_numeric_field_is_computed_or_rejected_never_a_crash()
    {
        var gen = Gen.Select(
            Gen.Int[1, 6],
            Gen.OneOf(NumericFields.Select(f => Gen.Const(f)).ToArray()).Array[1, 4],
            AnyFinite.Array[4],
            Gen.Int[0, 72].Array[6]);
        gen.Sample((count, fields, values, hours) =>
        {
            var lines = new List<string>();
            for (int i = 0; i < count; i++)
            {
                int k = i;
                lines.Add(LogLines.Line(
                    requestId: "r" + i,
                    timestamp: LogLines.Hour0 + (hours[i % hours.Length] * 3600) + i,
                    edit: line =>
                    {
                        var metadata = (JsonObject)line["metadata"]!;
                        for (int f = 0; f < fields.Length; f++)
                        {
                            // Raw JSON number text: "R" round-trips every double, subnormals included.
                            metadata[fields[f]] = JsonNode.Parse(values[(f + k) % values.Length].ToString("R", CultureInfo.InvariantCulture));
                        }
                    }));
            }

            lines.Add(LogLines.Line(requestId: "normal")); // a normal record after the extreme ones (the OOM case)
            AssertAnalysisIsSound(LogLines.Shard([.. lines]), lines.Count);
        }, iter: 400);
    }

    [Fact]
    public void Any_string_in_any_text_field_never_crashes()
    {
        Gen.Select(AnyText, AnyText, AnyText, Gen.Bool, Gen.Bool).Sample((input, output, model, json, tools) =>
        {
            string line = LogLines.Line(input: input, output: output, model: model, jsonMode: json, functionCalling: tools);
            var report = AssertAnalysisIsSound(LogLines.Shard(line), 1);
            Assert.Equal(1, report.Lines.Accepted + report.Lines.Rejected);
        }, iter: 400);
    }

    [Fact]
    public void Any_byte_sequence_as_a_line_is_accepted_rejected_or_blank()
    {
        var noNewline = Gen.Byte.Where(b => b != (byte)'\n').Array[0, 200];
        Gen.Select(noNewline, noNewline, Gen.Bool).Sample((a, b, gzipLike) =>
        {
            byte[] content = [.. a, (byte)'\n', .. Encoding.UTF8.GetBytes(LogLines.Line()), (byte)'\n', .. b];
            if (gzipLike && content.Length > 2)
            {
                content[0] = 0x1F; // the gzip magic makes the reader try to decompress
                content[1] = 0x8B;
            }

            // Text after the last newline is a line only when there is some; gzip-looking bytes, or a UTF-16 byte order
            // mark (a shard problem that stops the reader), may end the shard early.
            bool utf16Bom = content.Length > 1 && ((content[0] == 0xFF && content[1] == 0xFE) || (content[0] == 0xFE && content[1] == 0xFF));
            int expected = gzipLike || utf16Bom ? -1 : (b.Length == 0 ? 2 : 3);
            AssertAnalysisIsSound(content, expected);
        }, iter: 400);
    }

    [Fact]
    public void Rules_take_any_string()
    {
        var rules = new ComplianceRules(new RuleOptions());
        Gen.Select(AnyText, Gen.Bool, Gen.Bool, Gen.Bool).Sample((text, json, tools, length) =>
        {
            rules.EvaluateOutput(text, json, tools, length, out _);
            rules.EvaluateInput(text);
            var spans = new List<SensitiveSpan>();
            SensitiveDataScanner.Scan(text, spans);
            foreach (var span in spans)
            {
                Assert.InRange(span.Start, 0, text.Length);
                Assert.InRange(span.Start + span.Length, span.Start, text.Length);
            }

            Redactor.Preview(text, 200);
        }, iter: 1000);
    }

    private static AnalysisReport AssertAnalysisIsSound(byte[] content, int expectedTotal)
    {
        var report = LogLines.Analyze(content).Build();
        Assert.Equal(report.Lines.Total, report.Lines.Accepted + report.Lines.Rejected + report.Lines.Blank);
        if (expectedTotal >= 0)
        {
            Assert.Equal(expectedTotal, report.Lines.Total);
        }

        // Strict number handling makes the serializer throw on NaN or Infinity; a strict parse confirms that no such
        // token was written. (Not a text search: a reject's reason may mention the words, as in "NaN and Infinity are
        // not JSON numbers", which a random line starting with N or I gets.)
        string json = ReportJson.Serialize(report);
        using var document = System.Text.Json.JsonDocument.Parse(json);
        Assert.Equal(System.Text.Json.JsonValueKind.Object, document.RootElement.ValueKind);
        return report;
    }
}

public class ExtremeLatencyTests
{
    [Theory]
    [InlineData(5e-324)]
    [InlineData(1e-310)]
    [InlineData(1e-7)]
    public void A_positive_latency_below_a_nanosecond_is_rejected_and_the_next_record_is_analyzed(double latency)
    {
        var shard = LogLines.Shard(
            LogLines.Line(latency: latency, firstToken: 0, requestId: "tiny"),
            LogLines.Line(requestId: "normal"));

        var report = LogLines.Analyze(shard).Build();

        Assert.Equal(1, report.Lines.Accepted);
        var reject = Assert.Single(report.Rejects);
        Assert.Contains("metadata.total_latency_ms", reject.Reason, StringComparison.Ordinal);
        Assert.Contains("1 ns", reject.Reason, StringComparison.Ordinal);
        Assert.NotNull(report.Summary.ThroughputTps.Mean);
    }

    [Fact]
    public void Extreme_latencies_over_many_hours_are_rejected_with_a_reason()
    {
        var lines = Enumerable.Range(0, 48).Select(h => LogLines.Line(
            requestId: "r" + h,
            timestamp: LogLines.Hour0 + (h * 3600),
            latency: h % 2 == 0 ? 1e308 : 5e-324,
            firstToken: h % 3 == 0 ? 1e-310 : 1e300)).ToList();
        lines.Add(LogLines.Line(requestId: "normal"));

        var report = LogLines.Analyze(LogLines.Shard([.. lines])).Build();

        Assert.Equal(1, report.Lines.Accepted);
        Assert.Equal(48, report.Lines.Rejected);
        Assert.All(report.Rejects, r => Assert.Contains("out of range", r.Reason, StringComparison.Ordinal));
    }

    [Fact]
    public void Zero_latency_stays_accepted_without_throughput()
    {
        var report = LogLines.Analyze(LogLines.Shard(LogLines.Line(latency: 0, firstToken: 0))).Build();

        Assert.Equal(1, report.Lines.Accepted);
        Assert.Null(report.Summary.ThroughputTps.Mean);
    }

    [Fact]
    public void Token_counts_beyond_a_billion_are_rejected_so_sums_cannot_overflow()
    {
        var report = LogLines.Analyze(LogLines.Shard(LogLines.Line(completion: 9_000_000_000_000_000_000), LogLines.Line())).Build();

        Assert.Equal(1, report.Lines.Accepted);
        Assert.Contains("1,000,000,000 tokens", Assert.Single(report.Rejects).Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Sketch_refuses_an_infinite_value_instead_of_allocating_the_int_range()
    {
        var sketch = new QwenLogFunctions.Core.Statistics.QuantileSketch();
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.Add(double.PositiveInfinity));
        Assert.Throws<ArgumentOutOfRangeException>(() => sketch.BucketOf(double.PositiveInfinity));
    }
}
