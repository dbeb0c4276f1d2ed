using System.Text.Json;
using QwenLogFunctions.Core.Audit;
using QwenLogFunctions.Core.Records;

namespace QwenLogFunctions.Reporting.Tests;

public sealed class AuditSampleRendererTests
{
    private static readonly AuditSampleItem Tricky = new(
        "req-\"1\"", new DateTimeOffset(2025, 1, 1, 8, 0, 5, TimeSpan.FromHours(8)), "qwen,7b", "logs/a.jsonl", 42,
        ["contains_sensitive", "pii_phone"], "请输入密码,然后\r\n换行", "手机号 138****5678 \"引用\"");

    private static readonly AuditSampleItem Plain = new(
        "req-2", new DateTimeOffset(2025, 1, 1, 1, 0, 0, TimeSpan.Zero), "qwen", "logs/a.jsonl", 43, [], "你好", "你好！");

    [Fact]
    public void Csv_quotes_fields_with_commas_quotes_and_line_breaks_and_round_trips()
    {
        string csv = AuditSampleRenderer.RenderCsv([Tricky, Plain]);
        var rows = CsvParser.Parse(csv);

        Assert.Equal(AuditSampleRenderer.CsvColumns, rows[0]);
        Assert.Equal(["req-\"1\"", "2025-01-01T00:00:05Z", "qwen,7b", "logs/a.jsonl", "42", "contains_sensitive;pii_phone", "请输入密码,然后\r\n换行", "手机号 138****5678 \"引用\""], rows[1]);
        Assert.Equal(["req-2", "2025-01-01T01:00:00Z", "qwen", "logs/a.jsonl", "43", string.Empty, "你好", "你好！"], rows[2]);
        Assert.Contains("\"req-\"\"1\"\"\",", csv, StringComparison.Ordinal);
        Assert.StartsWith("request_id,timestamp,model,shard,line,flags,input_preview,output_preview\r\n", csv, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.example/\",\"click\")")]
    [InlineData("+cmd|' /C calc'!A0")]
    [InlineData("-2+3+cmd|' /C calc'!A0")]
    [InlineData("@SUM(1+1)*cmd|' /C calc'!A0")]
    [InlineData("\t=1+1")]
    [InlineData("\r=1+1")]
    public void Csv_cells_that_would_start_a_formula_get_a_leading_quote_as_OWASP_recommends(string attack)
    {
        var item = new AuditSampleItem(attack, new DateTimeOffset(2025, 1, 1, 1, 0, 0, TimeSpan.Zero), attack, attack, 7, [], attack, attack);
        var rows = CsvParser.Parse(AuditSampleRenderer.RenderCsv([item]));

        // Every text cell is neutralized (request id, model, shard, previews); the line number and the time stay as they are.
        Assert.Equal(["'" + attack, "2025-01-01T01:00:00Z", "'" + attack, "'" + attack, "7", string.Empty, "'" + attack, "'" + attack], rows[1]);
    }

    [Fact]
    public void Csv_cells_that_merely_contain_formula_characters_are_left_alone()
    {
        var item = new AuditSampleItem("req=1", new DateTimeOffset(2025, 1, 1, 1, 0, 0, TimeSpan.Zero), "qwen2.5-7b", "a-b.jsonl", 7, [], "1+1=2", "mail@example.com");
        var rows = CsvParser.Parse(AuditSampleRenderer.RenderCsv([item]));
        Assert.Equal(["req=1", "2025-01-01T01:00:00Z", "qwen2.5-7b", "a-b.jsonl", "7", string.Empty, "1+1=2", "mail@example.com"], rows[1]);
    }

    [Fact]
    public void Json_is_snake_case_with_utc_times_and_readable_chinese()
    {
        var sample = new AuditSample(0.01, new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2025, 1, 8, 0, 0, 0, TimeSpan.Zero), 200, [Tricky, Plain]);
        string json = AuditSampleRenderer.RenderJson(sample);

        Assert.Contains("手机号", json, StringComparison.Ordinal);
        using JsonDocument document = JsonDocument.Parse(json);
        JsonElement root = document.RootElement;
        Assert.Equal(["rate", "from", "to", "requests_considered", "count", "items"], root.EnumerateObject().Select(p => p.Name));
        Assert.Equal(0.01, root.GetProperty("rate").GetDouble());
        Assert.Equal("2025-01-08T00:00:00Z", root.GetProperty("to").GetString());
        Assert.Equal(2, root.GetProperty("count").GetInt32());
        JsonElement item = root.GetProperty("items")[0];
        Assert.Equal(
            ["request_id", "timestamp", "model", "shard", "line", "flags", "input_preview", "output_preview"],
            item.EnumerateObject().Select(p => p.Name));
        Assert.Equal("2025-01-01T00:00:05Z", item.GetProperty("timestamp").GetString());
        Assert.Equal(["contains_sensitive", "pii_phone"], item.GetProperty("flags").EnumerateArray().Select(f => f.GetString()));
        Assert.Equal("请输入密码,然后\r\n换行", item.GetProperty("input_preview").GetString());
    }

    [Fact]
    public void Items_are_built_from_request_records()
    {
        var record = new RequestRecord
        {
            Shard = "logs/b.jsonl",
            LineNumber = 7,
            RequestId = "req-7",
            Level = "INFO",
            Metrics = new RequestMetrics(1735689600, "qwen2.5", "RTX 3060", 10, 20, 1500, 200, true, false, RequestFlags.PiiEmail | RequestFlags.EmptyResponse),
            InputSha256 = "00",
            OutputSha256 = "00",
            InputPreview = "in",
            OutputPreview = "out",
        };

        AuditSampleItem item = AuditSampleItem.FromRecord(record);

        Assert.Equal(new DateTimeOffset(2025, 1, 1, 0, 0, 0, TimeSpan.Zero), item.Timestamp);
        Assert.Equal(["empty_response", "pii_email"], item.Flags);
        Assert.Equal(("req-7", "qwen2.5", "logs/b.jsonl", 7L, "in", "out"), (item.RequestId, item.Model, item.Shard, item.Line, item.InputPreview, item.OutputPreview));
    }
}
