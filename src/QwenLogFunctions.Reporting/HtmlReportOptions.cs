namespace QwenLogFunctions.Reporting;

/// <summary>Presentation settings of <see cref="HtmlReportRenderer"/>; the defaults suit both the CLI and the HTTP API.</summary>
public sealed class HtmlReportOptions
{
    /// <summary>Page title and heading.</summary>
    public string Title { get; init; } = "Qwen 推理日志分析报告 · Inference Log Report";

    /// <summary>The page's lang attribute. zh-CN makes browsers pick Simplified Chinese glyphs for the CJK text.</summary>
    public string Language { get; init; } = "zh-CN";

    /// <summary>When the report was generated, shown in the footer; omitted when null so the same report renders the same bytes.</summary>
    public DateTimeOffset? GeneratedAt { get; init; }

    /// <summary>The decode-speed baseline drawn on the tokens/s chart (the article's RTX 3060 figure: 100 tokens/s).</summary>
    public double DecodeBaselineTokensPerSecond { get; init; } = 100;

    /// <summary>How many rows each "worst hours" table shows.</summary>
    public int WorstHoursCount { get; init; } = 5;

    /// <summary>How many rejected lines are listed individually (all are counted).</summary>
    public int MaxRejectsListed { get; init; } = 20;

    /// <summary>How many models or devices each group table lists, by descending request count.</summary>
    public int MaxGroupRows { get; init; } = 50;

    /// <summary>Whether to draw the per-hour flag-rate chart in addition to the whole-range bars.</summary>
    public bool IncludeHourlyFlagRates { get; init; } = true;

    /// <summary>At most this many flags (the most frequent) get a line on the per-hour flag-rate chart, to keep it legible.</summary>
    public int MaxHourlyFlagSeries { get; init; } = 6;
}
