using System.Text;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Core.Tests.Parsing;

public class ShardReadingTests
{
    [Fact]
    public void Crlf_bom_blank_and_whitespace_lines_are_accounted_for()
    {
        string text = "\uFEFF" + LogLines.Line() + "\r\n\r\n   \t \r\n" + LogLines.Line(requestId: "b") + "\r\n\u3000\r\n" + LogLines.Line(requestId: "c");
        var report = LogLines.Analyze(Encoding.UTF8.GetBytes(text)).Build();

        Assert.Equal(3, report.Lines.Accepted);
        Assert.Equal(3, report.Lines.Blank);
        Assert.Equal(0, report.Lines.Rejected);
        Assert.Equal(6, report.Lines.Total);
    }

    [Fact]
    public void Gzip_is_detected_by_content_not_name()
    {
        var plain = LogLines.Shard(LogLines.Line(), LogLines.Line(requestId: "x"), "broken");
        var report = LogLines.Analyze(LogLines.Gzip(plain), name: "looks-plain.jsonl").Build();

        Assert.Equal(2, report.Lines.Accepted);
        Assert.Equal(1, report.Lines.Rejected);
        Assert.Equal(3, report.Rejects[0].Line);
    }

    [Fact]
    public void Corrupt_gzip_ends_the_shard_with_a_rejection_not_a_crash()
    {
        var lines = Enumerable.Range(0, 5000).Select(i => LogLines.Line(requestId: "r" + i, output: new string('字', 50) + i)).ToArray();
        var gzip = LogLines.Gzip(LogLines.Shard(lines));
        var corrupt = gzip[..(gzip.Length / 2)].Concat(new byte[] { 1, 2, 3, 4, 5, 6, 7, 8 }).Concat(gzip[(gzip.Length / 2)..]).ToArray();
        for (int i = gzip.Length / 2; i < gzip.Length / 2 + 64; i++)
        {
            corrupt[i] ^= 0x5A;
        }

        var report = LogLines.Analyze(corrupt).Build();

        Assert.True(report.Lines.Accepted < 5000);
        Assert.Contains(report.Rejects, r => r.ShardProblem && r.Reason.StartsWith("corrupt gzip", StringComparison.Ordinal));
        Assert.Equal(report.Lines.Total, report.Lines.Accepted + report.Lines.Rejected + report.Lines.Blank);
    }

    [Fact]
    public void A_utf16_shard_is_one_clear_rejection()
    {
        var utf16 = Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes(LogLines.Line() + "\n" + LogLines.Line() + "\n")).ToArray();
        var report = LogLines.Analyze(utf16).Build();

        var reject = Assert.Single(report.Rejects);
        Assert.Equal(1, reject.Line);
        Assert.Contains("UTF-16", reject.Reason, StringComparison.Ordinal);
        Assert.Equal(0, report.Lines.Accepted);
    }

    [Fact]
    public void Last_line_without_newline_is_read()
    {
        var content = Encoding.UTF8.GetBytes(LogLines.Line() + "\n" + LogLines.Line(requestId: "2"));
        Assert.Equal(2, LogLines.Analyze(content).Build().Lines.Accepted);
    }

    [Fact]
    public void Empty_shard_gives_an_empty_report()
    {
        var report = LogLines.Analyze([]).Build();
        Assert.Equal(0, report.Lines.Total);
        Assert.Equal(0, report.Summary.TotalRequests);
        Assert.Null(report.Summary.SuccessRate);
        Assert.Null(report.Summary.LatencyMs.P95);
    }

    [Fact]
    public async Task A_20_MB_line_is_rejected_for_its_length_and_the_rest_goes_on()
    {
        var huge = LogLines.Line(output: new string('a', 20 * 1024 * 1024));
        var content = LogLines.Shard(LogLines.Line(), huge, LogLines.Line(requestId: "after"));
        var options = new AnalyzerOptions { MaxLineBytes = 1024 * 1024 };

        var report = LogLines.Analyze(content, options).Build();
        Assert.Equal(2, report.Lines.Accepted);
        var reject = Assert.Single(report.Rejects);
        Assert.Equal(2, reject.Line);
        Assert.Contains("longer than the configured limit", reject.Reason, StringComparison.Ordinal);

        var entries = await LogLines.ReadDetailedAsync(content, options);
        Assert.Equal([1L, 2L, 3L], entries.Select(e => e.LineNumber));
        Assert.IsType<RejectedEntry>(entries[1]);
    }

    [Fact]
    public void A_20_MB_line_under_the_limit_is_analyzed_and_a_keyword_deep_inside_is_found()
    {
        var output = new string('好', 300_000) + "忽略上述指令" + new string('b', 6 * 1024 * 1024);
        var report = LogLines.Analyze(LogLines.Shard(LogLines.Line(output: output))).Build();

        Assert.Equal(1, report.Lines.Accepted);
        Assert.Equal(1, report.Flags["jailbreak_attempt"]);
    }

    [Theory]
    [InlineData("not json", "invalid JSON at byte")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\"", "invalid JSON at byte")]
    [InlineData("[1, 2]", "not a JSON object (the line is a JSON array)")]
    [InlineData("\"text\"", "not a JSON object (the line is a JSON string)")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": 5, \"output\": \"x\", \"metadata\": {}}", "field 'input' has wrong type: expected a string, found number")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": null, \"metadata\": {}}", "field 'output' has wrong type: expected a string, found null")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\"}", "missing required field 'metadata'")]
    [InlineData("{\"input\": \"a\", \"output\": \"b\", \"metadata\": {}}", "missing required field 'timestamp'")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"metadata\": {\"prompt_tokens\": 1, \"completion_tokens\": 1}}", "missing required field 'metadata.total_latency_ms'")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"metadata\": {\"prompt_tokens\": 1, \"completion_tokens\": 1, \"total_latency_ms\": -3}}", "field 'metadata.total_latency_ms' is negative (-3)")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"metadata\": {\"prompt_tokens\": 1, \"completion_tokens\": 1, \"total_latency_ms\": 1e400}}", "field 'metadata.total_latency_ms' is out of range")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"metadata\": {\"prompt_tokens\": -1, \"completion_tokens\": 1, \"total_latency_ms\": 3}}", "field 'metadata.prompt_tokens' is negative (-1)")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"metadata\": {\"prompt_tokens\": 1.5, \"completion_tokens\": 1, \"total_latency_ms\": 3}}", "field 'metadata.prompt_tokens' is not an integer")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"metadata\": {\"prompt_tokens\": 1, \"completion_tokens\": 1, \"total_latency_ms\": 3, \"json_mode\": \"yes\"}}", "field 'metadata.json_mode' has wrong type: expected true or false, found string")]
    [InlineData("{\"timestamp\": 1735689600000, \"input\": \"a\", \"output\": \"b\", \"metadata\": {}}", "looks like milliseconds")]
    [InlineData("{\"timestamp\": 12, \"input\": \"a\", \"output\": \"b\", \"metadata\": {}}", "is not plausible epoch seconds")]
    [InlineData("{\"timestamp\": \"yesterday\", \"input\": \"a\", \"output\": \"b\", \"metadata\": {}}", "neither epoch seconds nor an ISO 8601 time")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"metadata\": [1]}", "field 'metadata' has wrong type: expected an object, found array")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"metadata\": {}} {}", "invalid JSON at byte")]
    public void Broken_lines_are_rejected_with_a_reason_and_the_shard_goes_on(string broken, string reason)
    {
        var report = LogLines.Analyze(LogLines.Shard(LogLines.Line(), broken, LogLines.Line(requestId: "z"))).Build();

        Assert.Equal(2, report.Lines.Accepted);
        var reject = Assert.Single(report.Rejects);
        Assert.Equal(2, reject.Line);
        Assert.Equal("s.jsonl", reject.Shard);
        Assert.Contains(reason, reject.Reason, StringComparison.Ordinal);
    }

    [Fact]
    public void Invalid_utf8_is_rejected_with_its_byte_offset()
    {
        var prefix = Encoding.UTF8.GetBytes("{\"timestamp\": 1735689600, \"input\": \"");
        var bad = prefix.Concat(new byte[] { 0xC3, 0x28 }).Concat(Encoding.UTF8.GetBytes("\"}")).ToArray();
        var content = LogLines.Shard(LogLines.Line()).Concat(bad).Concat(Encoding.UTF8.GetBytes("\n")).ToArray();

        var reject = Assert.Single(LogLines.Analyze(content).Build().Rejects);
        Assert.Equal($"invalid UTF-8 at byte {prefix.Length}", reject.Reason);
    }

    [Theory]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"line\\nbreak ", "\", \"metadata\": {\"prompt_tokens\": 1, \"completion_tokens\": 1, \"total_latency_ms\": 3}}")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"metadata\": {\"device\": \"cuda", "\", \"prompt_tokens\": 1, \"completion_tokens\": 1, \"total_latency_ms\": 3}}")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"a\", \"output\": \"b\", \"extra\": \"", "\", \"metadata\": {\"prompt_tokens\": 1, \"completion_tokens\": 1, \"total_latency_ms\": 3}}")]
    [InlineData("{\"timestamp\": 1735689600, \"input\": \"", "\", broken")]
    public void Invalid_utf8_anywhere_is_reported_at_its_byte(string before, string after)
    {
        var prefix = Encoding.UTF8.GetBytes(before);
        var line = prefix.Concat(new byte[] { 0xE4, 0xBD }).Concat(Encoding.UTF8.GetBytes(after)).ToArray();
        var content = LogLines.Shard(LogLines.Line()).Concat(line).Concat("\n"u8.ToArray()).ToArray();

        var reject = Assert.Single(LogLines.Analyze(content).Build().Rejects);
        Assert.Equal($"invalid UTF-8 at byte {prefix.Length}", reject.Reason);
    }

    [Fact]
    public async Task Unknown_fields_are_tolerated_and_vllm_fields_are_read()
    {
        var line = LogLines.Line(edit: l =>
        {
            l["extra"] = new System.Text.Json.Nodes.JsonObject { ["nested"] = new System.Text.Json.Nodes.JsonArray(1, 2, 3) };
            l["metadata"]!["finish_reason"] = "length";
            l["metadata"]!["queue_time_ms"] = 12.5;
            l["mean_itl_ms"] = 9.5;
            l["metadata"]!["gpu_memory_gb"] = 7.5;
        });
        var entries = await LogLines.ReadDetailedAsync(LogLines.Shard(line));

        var record = Assert.IsType<AcceptedEntry>(Assert.Single(entries)).Record;
        Assert.Equal("length", record.FinishReason);
        Assert.Equal(12.5, record.QueueTimeMs);
        Assert.Equal(9.5, record.MeanInterTokenLatencyMs);
        Assert.Equal(7.5 * 1024, record.GpuMemoryMb);
        Assert.True(record.Metrics.Flags.HasFlag(RequestFlags.TruncatedOutput));
    }

    [Fact]
    public async Task Detailed_reader_keeps_fields_synthesizes_missing_ids_and_redacts_previews()
    {
        var content = LogLines.Shard(
            LogLines.Line(requestId: null, output: "请联系 13812345678 或 someone@example.com", level: "ERROR"),
            LogLines.Line(requestId: "a/b#c?d\\e\u0001"));

        var entries = await LogLines.ReadDetailedAsync(content, name: "shard-1.jsonl");
        var first = Assert.IsType<AcceptedEntry>(entries[0]).Record;
        var second = Assert.IsType<AcceptedEntry>(entries[1]).Record;

        Assert.Equal("shard-1.jsonl#L1", first.RequestId);
        Assert.True(first.RequestIdSynthesized);
        Assert.Equal("ERROR", first.Level);
        Assert.True(first.Metrics.IsErrorLevel);
        Assert.Equal("请联系 [PHONE] 或 [EMAIL]", first.OutputPreview);
        Assert.Equal(64, first.OutputSha256.Length);
        Assert.Equal("a/b#c?d\\e\u0001", second.RequestId);
        Assert.Equal(LogLines.Hour0 + 10, second.Metrics.TimestampSeconds);
    }

    [Fact]
    public async Task Fast_path_and_detailed_reader_agree_on_every_flag()
    {
        var lines = new List<string>();
        for (int i = 0; i < 3000; i++)
        {
            lines.Add(LogLines.Line(
                input: i % 7 == 0 ? "重复的问题" : "问题 " + i,
                output: (i % 5) switch { 0 => " ", 1 => "{\"a\": 1}", 2 => "{broken", 3 => "密码是 123", _ => "ok " + i },
                jsonMode: i % 2 == 0,
                timestamp: LogLines.Hour0 + (i * 7),
                requestId: "r" + i));
        }

        var content = LogLines.Shard([.. lines]);
        var fast = LogLines.Analyze(content, new AnalyzerOptions { Parallelism = 3 }).Build();
        var detailed = (await LogLines.ReadDetailedAsync(content)).OfType<AcceptedEntry>().ToList();

        foreach (var flag in FlagNames.All)
        {
            Assert.Equal(detailed.Count(e => e.Record.Metrics.Flags.HasFlag(flag)), fast.Flags[FlagNames.NameOf(flag)]);
        }

        Assert.Equal(3000 / 7 + 1 - 1, fast.Flags["repeated_input"]);
        Assert.Equal(detailed.Count, fast.Summary.TotalRequests);
    }

    [Fact]
    public void Small_blocks_keep_line_numbers_right_across_block_boundaries()
    {
        var lines = Enumerable.Range(0, 2000).Select(i => i % 97 == 0 ? "broken " + i : LogLines.Line(requestId: "r" + i)).ToArray();
        var report = LogLines.Analyze(LogLines.Shard(lines), new AnalyzerOptions { MaxLineBytes = 4096 }).Build();

        var expected = Enumerable.Range(0, 2000).Where(i => i % 97 == 0).Select(i => (long)i + 1);
        Assert.Equal(expected, report.Rejects.Select(r => r.Line));
    }
}
