using System.Globalization;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Core.Reports;

namespace QwenLogFunctions.Reporting.Tests;

public sealed class CsvReportRendererTests
{
    [Fact]
    public void Header_names_the_fixed_columns_then_one_column_per_flag_in_flag_order()
    {
        var rows = CsvParser.Parse(CsvReportRenderer.Render(SampleReports.WithGap()));

        string[] fixedColumns =
        [
            "hour", "total_requests", "successful_requests", "success_rate", "error_level_requests",
            "avg_prompt_tokens", "avg_completion_tokens", "latency_ms_p50", "latency_ms_p95", "latency_ms_p99",
            "first_token_latency_ms_p50", "first_token_latency_ms_p95", "first_token_latency_ms_p99",
            "throughput_tps_mean", "decode_tps_mean",
            "queue_time_ms_p50", "queue_time_ms_p95", "queue_time_ms_p99", "itl_ms_p50", "itl_ms_p95", "itl_ms_p99",
            "gpu_memory_mb_mean", "gpu_memory_mb_max",
            "cost_gpu_hours", "cost_busy_seconds", "cost_utilization", "cost_total", "cost_per_request_mean", "cost_per_million_tokens", "cost_currency",
        ];
        Assert.Equal([.. fixedColumns, .. FlagNames.AllNames.Select(n => "flag_" + n)], rows[0]);
    }

    [Fact]
    public void One_row_per_hour_with_invariant_round_trip_numbers_and_empty_fields_for_nulls()
    {
        AnalysisReport report = SampleReports.WithGap();
        string csv = CsvReportRenderer.Render(report);
        var rows = CsvParser.Parse(csv);
        var header = rows[0];

        Assert.Equal(report.Hourly.Count + 1, rows.Count);
        Assert.All(rows, r => Assert.Equal(header.Count, r.Count));
        for (int i = 0; i < report.Hourly.Count; i++)
        {
            HourlyStatistics h = report.Hourly[i];
            var row = header.Zip(rows[i + 1]).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
            Assert.Equal(ChartPoints.Iso(h.Hour), row["hour"]);
            Assert.Equal(h.TotalRequests, long.Parse(row["total_requests"], CultureInfo.InvariantCulture));
            Assert.Equal(h.SuccessRate, double.Parse(row["success_rate"], CultureInfo.InvariantCulture));
            Assert.Equal(h.LatencyMs.P95, double.Parse(row["latency_ms_p95"], CultureInfo.InvariantCulture));
            Assert.Equal(h.Flags["pii_phone"], long.Parse(row["flag_pii_phone"], CultureInfo.InvariantCulture));
            if (h.FirstTokenLatencyMs.P95 is null)
            {
                Assert.Equal(string.Empty, row["first_token_latency_ms_p95"]);
                Assert.Equal(string.Empty, row["decode_tps_mean"]);
            }
        }

        Assert.Contains(",4200.25,", csv, StringComparison.Ordinal);
        Assert.EndsWith("\r\n", csv, StringComparison.Ordinal);
        Assert.DoesNotContain("\n", csv.Replace("\r\n", string.Empty, StringComparison.Ordinal), StringComparison.Ordinal);
    }

    [Fact]
    public void Serving_figures_and_cost_have_their_columns()
    {
        AnalysisReport report = SampleReports.WithGap();
        HourlyStatistics first = report.Hourly[0];
        first.QueueTimeMs = new PercentileSummary(3, 12, 10, 30, 31, 31);
        first.ItlMs = new PercentileSummary(3, 21.5, 20.5, 40.25, 41, 41);
        first.GpuMemoryMb = new GpuMemorySummary(2, 7168, 8192);
        first.Cost = new CostSummary(2, 900, 0.125, 5, 0.25, 1250.5, "CNY");

        var rows = CsvParser.Parse(CsvReportRenderer.Render(report));
        var row = rows[0].Zip(rows[1]).ToDictionary(p => p.First, p => p.Second, StringComparer.Ordinal);
        Assert.Equal("30", row["queue_time_ms_p95"]);
        Assert.Equal("40.25", row["itl_ms_p95"]);
        Assert.Equal("8192", row["gpu_memory_mb_max"]);
        Assert.Equal("900", row["cost_busy_seconds"]);
        Assert.Equal("0.125", row["cost_utilization"]);
        Assert.Equal("1250.5", row["cost_per_million_tokens"]);
        Assert.Equal("CNY", row["cost_currency"]);
    }

    [Fact]
    public void Numbers_do_not_follow_the_current_culture()
    {
        CultureInfo saved = CultureInfo.CurrentCulture;
        try
        {
            CultureInfo.CurrentCulture = CultureInfo.GetCultureInfo("fr-FR");
            string csv = CsvReportRenderer.Render(SampleReports.WithGap());
            Assert.Contains("4200.25", csv, StringComparison.Ordinal);
            Assert.DoesNotContain("4200,25", csv, StringComparison.Ordinal);
        }
        finally
        {
            CultureInfo.CurrentCulture = saved;
        }
    }

    [Fact]
    public void Numbers_the_product_formats_stay_numeric_while_text_starting_a_formula_is_neutralized()
    {
        var numbers = new System.Text.StringBuilder();
        QwenLogFunctions.Reporting.Csv.Rfc4180.AppendNumberRecord(numbers, ["-3", "-0.5", "+1", "12"]);
        Assert.Equal("-3,-0.5,+1,12\r\n", numbers.ToString());

        var text = new System.Text.StringBuilder();
        QwenLogFunctions.Reporting.Csv.Rfc4180.AppendRecord(text, ["-3", "=1+1", "@a", "+1", "\tx", "ok"]);
        Assert.Equal("'-3,'=1+1,'@a,'+1,'\tx,ok\r\n", text.ToString());
    }

    [Fact]
    public void A_report_without_hours_is_just_the_header()
    {
        var rows = CsvParser.Parse(CsvReportRenderer.Render(SampleReports.Build([])));

        Assert.Single(rows);
        Assert.Equal(CsvReportRenderer.Columns, rows[0]);
    }
}
