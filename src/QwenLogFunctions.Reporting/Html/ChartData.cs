namespace QwenLogFunctions.Reporting.Html;

/// <summary>The value of a series in one UTC hour; null where the measure is undefined (drawn as a gap).</summary>
internal readonly record struct HourValue(DateTimeOffset Hour, double? Value);

/// <summary>A line on a time chart. <paramref name="Key"/> becomes the points' data-series attribute.</summary>
internal sealed record LineSeries(string Key, string Label, string Color, bool Dashed, IReadOnlyList<HourValue> Points);

/// <summary>A horizontal reference line, e.g. the 100 tokens/s decode baseline.</summary>
internal sealed record ReferenceLine(string Key, string Label, double Value, string Color);

/// <summary>One bar of a horizontal bar chart; <paramref name="ValueText"/> is written at the end of the bar.</summary>
internal sealed record HorizontalBar(string Key, string Label, double? Value, long Count, string ValueText);

/// <summary>How a chart's value axis reads: its label with unit and how ticks are written.</summary>
internal sealed record ValueAxis(string Label, Func<double, string> FormatTick);
