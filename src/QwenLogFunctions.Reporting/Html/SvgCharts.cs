using System.Globalization;
using System.Text;

namespace QwenLogFunctions.Reporting.Html;

/// <summary>
/// Server-side SVG charts over UTC hours. The x axis is proportional to time from the first hour's start to the
/// last hour's end, so missing hours leave visible gaps (lines break there instead of interpolating) and a single
/// hour is one bar or point in the middle. Every data mark carries data-series, data-hour and data-value
/// attributes so tests (and curious readers) can check the drawing against the numbers.
/// </summary>
internal static class SvgCharts
{
    private const double Width = 1160;
    private const double Height = 320;
    private const double MarginLeft = 84;
    private const double MarginRight = 28;
    private const double MarginTop = 48;
    private const double MarginBottom = 60;
    private const double PlotWidth = Width - MarginLeft - MarginRight;
    private const double PlotHeight = Height - MarginTop - MarginBottom;
    private const string TimeAxisLabel = "时间 Time (UTC)";

    private static readonly int[] HourSteps = [1, 2, 3, 4, 6, 12, 24, 48, 72, 168, 336, 720];

    /// <summary>A bar per hour that has a value.</summary>
    public static string HourlyBars(string title, string seriesKey, string color, ValueAxis axis, IReadOnlyList<HourValue> points)
    {
        var svg = new StringBuilder();
        if (!TryOpenTimeChart(svg, title, points.Select(p => p.Hour), out TimeFrame frame))
        {
            return svg.ToString();
        }

        double max = points.Max(p => p.Value ?? 0);
        YScale y = YScale.FromMax(max);
        DrawFrame(svg, frame, y, axis);

        double slot = frame.X(frame.Start.AddHours(1)) - frame.X(frame.Start);
        double gap = Math.Min(2, slot * 0.1);
        svg.Append("<g class=\"bars\">");
        foreach (HourValue point in points)
        {
            if (point.Value is not { } value)
            {
                continue;
            }

            double x0 = frame.X(point.Hour) + gap;
            double top = y.Y(value);
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect data-series=\"{seriesKey}\" data-hour=\"{Formatting.UtcIso(point.Hour)}\" data-value=\"{Formatting.Number(value)}\" x=\"{F(x0)}\" y=\"{F(top)}\" width=\"{F(Math.Max(slot - (2 * gap), 0.5))}\" height=\"{F(MarginTop + PlotHeight - top)}\" fill=\"{color}\">");
            svg.Append(CultureInfo.InvariantCulture, $"<title>{Formatting.UtcIso(point.Hour)}: {HtmlText.Escape(axis.FormatTick(value))}</title></rect>");
        }

        svg.Append("</g></svg>");
        return svg.ToString();
    }

    /// <summary>Lines with a marker per defined hour, broken at missing hours and undefined values.</summary>
    /// <param name="title">Accessible title.</param>
    /// <param name="axis">Value axis label and tick format.</param>
    /// <param name="series">The lines.</param>
    /// <param name="references">Horizontal reference lines.</param>
    /// <param name="logarithmic">A log₁₀ value axis (ticks at 1, 2, 5 × 10ⁿ), so a P50 stays readable next to a P99 ten times larger.</param>
    public static string HourlyLines(string title, ValueAxis axis, IReadOnlyList<LineSeries> series, IReadOnlyList<ReferenceLine>? references = null, bool logarithmic = false)
    {
        // Reference lines are named in the legend, not on the plot, where the label covered the lines' last points.
        var legend = series.Select(s => (s.Label, s.Color, s.Dashed))
            .Concat((references ?? []).Select(r => (r.Label, r.Color, true)))
            .ToList();
        var legendRows = LayoutLegend(legend);
        double extraHeight = legendRows.Count == 0 ? 0 : legendRows.Max(item => item.Row) * LegendRowHeight;
        var svg = new StringBuilder();
        if (!TryOpenTimeChart(svg, title, series.SelectMany(s => s.Points).Select(p => p.Hour), out TimeFrame frame, extraHeight))
        {
            return svg.ToString();
        }

        double max = series.SelectMany(s => s.Points).Max(p => p.Value ?? 0);
        foreach (ReferenceLine reference in references ?? [])
        {
            max = Math.Max(max, reference.Value);
        }

        double min = series.SelectMany(s => s.Points).Where(p => p.Value > 0).Select(p => p.Value!.Value).DefaultIfEmpty(max).Min();
        YScale y = logarithmic ? YScale.Logarithmic(min, max) : YScale.FromMax(max);
        DrawFrame(svg, frame, y, axis);

        foreach (ReferenceLine reference in references ?? [])
        {
            double yRef = y.Y(reference.Value);
            svg.Append(CultureInfo.InvariantCulture,
                $"<line class=\"reference\" data-series=\"{reference.Key}\" data-value=\"{Formatting.Number(reference.Value)}\" x1=\"{F(MarginLeft)}\" x2=\"{F(MarginLeft + PlotWidth)}\" y1=\"{F(yRef)}\" y2=\"{F(yRef)}\" stroke=\"{reference.Color}\" stroke-width=\"1.5\" stroke-dasharray=\"8 5\"><title>{HtmlText.Escape(reference.Label)}</title></line>");
        }

        int totalPoints = series.Sum(s => s.Points.Count(p => p.Value.HasValue));
        double radius = totalPoints > 600 ? 1.5 : 3;
        foreach (LineSeries line in series)
        {
            DrawLine(svg, frame, y, axis, line, radius);
        }

        DrawLegend(svg, legendRows);
        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Horizontal bars (e.g. flag rates over the whole range), one row per item, values as fractions shown in percent.</summary>
    public static string HorizontalBars(string title, string seriesKey, string axisLabel, IReadOnlyList<HorizontalBar> bars)
    {
        const double labelWidth = 250;
        const double valueWidth = 170;
        const double rowHeight = 26;
        const double top = 20;
        const double bottom = 50;
        double plotLeft = labelWidth;
        double plotWidth = Width - labelWidth - valueWidth;
        double height = top + (Math.Max(bars.Count, 1) * rowHeight) + bottom;

        var svg = new StringBuilder();
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {F(Width)} {F(height)}\" role=\"img\" aria-label=\"{HtmlText.Escape(title)}\"><title>{HtmlText.Escape(title)}</title>");
        if (bars.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture, $"<text x=\"{F(Width / 2)}\" y=\"{F(height / 2)}\" text-anchor=\"middle\" class=\"empty\">无数据 No data</text></svg>");
            return svg.ToString();
        }

        YScale scale = YScale.FromMax(bars.Max(b => b.Value ?? 0));
        double XOf(double value) => plotLeft + (value / scale.Top * plotWidth);
        double axisY = top + (bars.Count * rowHeight);

        for (int i = 0; i <= scale.TickCount; i++)
        {
            double tick = scale.Tick(i);
            double x = XOf(tick);
            svg.Append(CultureInfo.InvariantCulture,
                $"<line class=\"grid\" x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{F(top)}\" y2=\"{F(axisY)}\"/><text class=\"tick\" x=\"{F(x)}\" y=\"{F(axisY + 18)}\" text-anchor=\"middle\">{Percent(tick, scale.Step)}</text>");
        }

        DrawAxes(svg, plotLeft, top, plotWidth, axisY);
        DrawAxisLabel(svg, plotLeft + (plotWidth / 2), axisY + 42, HtmlText.Escape(axisLabel));

        for (int i = 0; i < bars.Count; i++)
        {
            HorizontalBar bar = bars[i];
            double rowTop = top + (i * rowHeight);
            double middle = rowTop + (rowHeight / 2);
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"bar-label\" x=\"{F(plotLeft - 8)}\" y=\"{F(middle + 5)}\" text-anchor=\"end\">{HtmlText.Escape(bar.Label)}</text>");
            double value = bar.Value ?? 0;
            double barWidth = value / scale.Top * plotWidth;
            string valueAttribute = bar.Value is { } v ? Formatting.Number(v) : string.Empty;
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect data-series=\"{seriesKey}\" data-flag=\"{HtmlText.Escape(bar.Key)}\" data-value=\"{valueAttribute}\" data-count=\"{Formatting.Number(bar.Count)}\" x=\"{F(plotLeft)}\" y=\"{F(rowTop + 4)}\" width=\"{F(barWidth)}\" height=\"{F(rowHeight - 8)}\" fill=\"{(bar.Count > 0 ? "#d9480f" : "#adb5bd")}\"><title>{HtmlText.Escape(bar.Label)}: {HtmlText.Escape(bar.ValueText)}</title></rect>");
            svg.Append(CultureInfo.InvariantCulture,
                $"<text class=\"bar-value\" x=\"{F(plotLeft + barWidth + 6)}\" y=\"{F(middle + 5)}\">{HtmlText.Escape(bar.ValueText)}</text>");
        }

        svg.Append("</svg>");
        return svg.ToString();
    }

    /// <summary>Writes the svg start tag and title; with no hours, writes a "no data" chart and returns false.</summary>
    private static bool TryOpenTimeChart(StringBuilder svg, string title, IEnumerable<DateTimeOffset> hours, out TimeFrame frame, double extraHeight = 0)
    {
        svg.Append(CultureInfo.InvariantCulture,
            $"<svg xmlns=\"http://www.w3.org/2000/svg\" class=\"chart\" viewBox=\"0 0 {F(Width)} {F(Height + extraHeight)}\" role=\"img\" aria-label=\"{HtmlText.Escape(title)}\"><title>{HtmlText.Escape(title)}</title>");
        var list = hours.Select(TruncateToHour).ToList();
        if (list.Count == 0)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<rect class=\"plot\" x=\"{F(MarginLeft)}\" y=\"{F(MarginTop)}\" width=\"{F(PlotWidth)}\" height=\"{F(PlotHeight)}\"/><text x=\"{F(MarginLeft + (PlotWidth / 2))}\" y=\"{F(MarginTop + (PlotHeight / 2))}\" text-anchor=\"middle\" class=\"empty\">无数据 No data</text></svg>");
            frame = default;
            return false;
        }

        frame = new TimeFrame(list.Min(), list.Max().AddHours(1));
        return true;
    }

    private static void DrawFrame(StringBuilder svg, TimeFrame frame, YScale y, ValueAxis axis)
    {
        double bottom = MarginTop + PlotHeight;
        for (int i = 0; i <= y.TickCount; i++)
        {
            double tick = y.Tick(i);
            double ty = y.Y(tick);
            svg.Append(CultureInfo.InvariantCulture,
                $"<line class=\"grid\" x1=\"{F(MarginLeft)}\" x2=\"{F(MarginLeft + PlotWidth)}\" y1=\"{F(ty)}\" y2=\"{F(ty)}\"/><text class=\"tick\" x=\"{F(MarginLeft - 8)}\" y=\"{F(ty + 4)}\" text-anchor=\"end\">{HtmlText.Escape(axis.FormatTick(tick))}</text>");
        }

        double spanHours = (frame.End - frame.Start).TotalHours;
        int step = HourSteps.FirstOrDefault(s => spanHours / s <= 12, HourSteps[^1]);
        bool withDate = spanHours > 24 || frame.Start.UtcDateTime.Date != frame.End.AddTicks(-1).UtcDateTime.Date;
        long firstHour = (long)Math.Ceiling((frame.Start - DateTimeOffset.UnixEpoch).TotalHours / step) * step;
        for (long h = firstHour; DateTimeOffset.UnixEpoch.AddHours(h) <= frame.End; h += step)
        {
            DateTimeOffset tick = DateTimeOffset.UnixEpoch.AddHours(h);
            double x = frame.X(tick);
            string label = step >= 24 ? tick.UtcDateTime.ToString("MM-dd", CultureInfo.InvariantCulture)
                : withDate ? tick.UtcDateTime.ToString("MM-dd HH:mm", CultureInfo.InvariantCulture)
                : tick.UtcDateTime.ToString("HH:mm", CultureInfo.InvariantCulture);
            svg.Append(CultureInfo.InvariantCulture,
                $"<line class=\"tick-mark\" x1=\"{F(x)}\" x2=\"{F(x)}\" y1=\"{F(bottom)}\" y2=\"{F(bottom + 5)}\"/><text class=\"tick\" data-tick-hour=\"{Formatting.UtcIso(tick)}\" x=\"{F(x)}\" y=\"{F(bottom + 20)}\" text-anchor=\"middle\">{label}</text>");
        }

        string dateNote = withDate ? string.Empty : ", " + frame.Start.UtcDateTime.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        DrawAxes(svg, MarginLeft, MarginTop, PlotWidth, bottom);
        DrawAxisLabel(svg, MarginLeft + (PlotWidth / 2), Height - 12, TimeAxisLabel + dateNote);
        svg.Append(CultureInfo.InvariantCulture,
            $"<text class=\"axis-label\" transform=\"translate(18 {F(MarginTop + (PlotHeight / 2))}) rotate(-90)\" text-anchor=\"middle\">{HtmlText.Escape(axis.Label)}</text>");
    }

    // The plot's left and bottom edges, drawn over the grid lines.
    private static void DrawAxes(StringBuilder svg, double left, double top, double width, double bottom) =>
        svg.Append(CultureInfo.InvariantCulture,
            $"<line class=\"axis\" x1=\"{F(left)}\" x2=\"{F(left)}\" y1=\"{F(top)}\" y2=\"{F(bottom)}\"/><line class=\"axis\" x1=\"{F(left)}\" x2=\"{F(left + width)}\" y1=\"{F(bottom)}\" y2=\"{F(bottom)}\"/>");

    // The label under the horizontal axis, centred at x; the text is markup already (escaped by the caller).
    private static void DrawAxisLabel(StringBuilder svg, double x, double y, string markup) =>
        svg.Append(CultureInfo.InvariantCulture, $"<text class=\"axis-label\" x=\"{F(x)}\" y=\"{F(y)}\" text-anchor=\"middle\">{markup}</text>");

    private static void DrawLine(StringBuilder svg, TimeFrame frame, YScale y, ValueAxis axis, LineSeries line, double radius)
    {
        var ordered = line.Points.Where(p => p.Value.HasValue).OrderBy(p => p.Hour).ToList();
        var path = new StringBuilder();
        DateTimeOffset? previous = null;
        foreach (HourValue point in ordered)
        {
            // Consecutive hours are joined; a missing hour or an undefined value starts a new segment (no interpolation).
            bool continues = previous is { } p && TruncateToHour(point.Hour) - p == TimeSpan.FromHours(1);
            path.Append(continues ? " L" : " M").Append(F(frame.Center(point.Hour))).Append(',').Append(F(y.Y(point.Value!.Value)));
            previous = TruncateToHour(point.Hour);
        }

        string dash = line.Dashed ? " stroke-dasharray=\"6 4\"" : string.Empty;
        if (path.Length > 0)
        {
            svg.Append(CultureInfo.InvariantCulture,
                $"<path class=\"line\" data-series-line=\"{line.Key}\" d=\"{path.ToString().Trim()}\" fill=\"none\" stroke=\"{line.Color}\" stroke-width=\"2\"{dash}/>");
        }

        svg.Append(CultureInfo.InvariantCulture, $"<g class=\"points\" fill=\"{line.Color}\">");
        foreach (HourValue point in ordered)
        {
            double value = point.Value!.Value;
            svg.Append(CultureInfo.InvariantCulture,
                $"<circle data-series=\"{line.Key}\" data-hour=\"{Formatting.UtcIso(point.Hour)}\" data-value=\"{Formatting.Number(value)}\" cx=\"{F(frame.Center(point.Hour))}\" cy=\"{F(y.Y(value))}\" r=\"{F(radius)}\"><title>{HtmlText.Escape(line.Label)} {Formatting.UtcIso(point.Hour)}: {HtmlText.Escape(axis.FormatTick(value))}</title></circle>");
        }

        svg.Append("</g>");
    }

    private const double LegendRowHeight = 20;

    /// <summary>
    /// Places legend entries left to right from the plot's left edge, starting a new row when the next entry would pass
    /// the right edge (many hourly flag series overflowed and were clipped). The first row sits above the plot; further
    /// rows go below the time axis, where the chart is made taller for them.
    /// </summary>
    internal static List<(string Label, string Color, bool Dashed, double X, int Row)> LayoutLegend(IReadOnlyList<(string Label, string Color, bool Dashed)> items)
    {
        var placed = new List<(string, string, bool, double, int)>();
        double x = MarginLeft;
        int row = 0;
        foreach ((string label, string color, bool dashed) in items)
        {
            double width = 30 + EstimateTextWidth(label);
            if (x > MarginLeft && x + width > Width - 4)
            {
                row++;
                x = MarginLeft;
            }

            placed.Add((label, color, dashed, x, row));
            x += width + 24;
        }

        return placed;
    }

    private static void DrawLegend(StringBuilder svg, IReadOnlyList<(string Label, string Color, bool Dashed, double X, int Row)> items)
    {
        foreach ((string label, string color, bool dashed, double x, int row) in items)
        {
            double y = row == 0 ? 22 : Height + 2 + ((row - 1) * LegendRowHeight);
            string dash = dashed ? " stroke-dasharray=\"6 4\"" : string.Empty;
            svg.Append(CultureInfo.InvariantCulture,
                $"<line x1=\"{F(x)}\" x2=\"{F(x + 24)}\" y1=\"{F(y)}\" y2=\"{F(y)}\" stroke=\"{color}\" stroke-width=\"3\"{dash}/><text class=\"legend\" x=\"{F(x + 30)}\" y=\"{F(y + 5)}\">{HtmlText.Escape(label)}</text>");
        }
    }

    /// <summary>Rough width at 13px: CJK characters are about twice as wide as Latin ones. Good enough to space legend entries.</summary>
    internal static double EstimateTextWidth(string text) => text.Sum(c => c >= '\u2E80' ? 13.0 : 7.2);

    private static DateTimeOffset TruncateToHour(DateTimeOffset value)
    {
        DateTime utc = value.UtcDateTime;
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }

    private static string Percent(double fraction, double step)
    {
        // Enough decimals that neighbouring ticks differ: a step of 0.0005 (0.05%) needs two.
        int decimals = Math.Clamp((int)Math.Ceiling(-Math.Log10(step * 100)), 0, 4);
        return (fraction * 100).ToString("F" + decimals.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + "%";
    }

    /// <summary>Coordinates with at most two decimals, invariant.</summary>
    private static string F(double value) => Math.Round(value, 2).ToString(CultureInfo.InvariantCulture);

    /// <summary>The time range of a chart, [first hour, last hour + 1h), mapped onto the plot's width.</summary>
    private readonly record struct TimeFrame(DateTimeOffset Start, DateTimeOffset End)
    {
        public double X(DateTimeOffset time) => MarginLeft + ((time - Start).TotalSeconds / (End - Start).TotalSeconds * PlotWidth);

        public double Center(DateTimeOffset hour) => X(TruncateToHour(hour).AddMinutes(30));
    }

    /// <summary>A linear value scale from zero to a "nice" top (1, 2, 2.5 or 5 times a power of ten per step).</summary>
    private readonly record struct YScale(double Top, double Step, int TickCount, double[]? LogTicks = null)
    {
        /// <summary>A log₁₀ scale from the decade below <paramref name="min"/>/2 to the decade above <paramref name="max"/>.</summary>
        public static YScale Logarithmic(double min, double max)
        {
            if (!(min > 0) || double.IsInfinity(max) || !(max > 0))
            {
                min = max = 1;
            }

            // At least a factor 2 of room under the smallest value, so the lowest line never lies on the axis.
            double bottom = Math.Pow(10, Math.Floor(Math.Log10(min / 2)));
            double top = Math.Pow(10, Math.Ceiling(Math.Log10(max)));
            if (top <= bottom)
            {
                top = bottom * 10;
            }

            var ticks = new List<double>();
            for (double decade = bottom; decade < top * 1.0001; decade *= 10)
            {
                foreach (double multiple in new[] { 1.0, 2.0, 5.0 })
                {
                    // Many decades: only the powers of ten, so labels do not collide.
                    if (decade * multiple <= top * 1.0001 && (multiple == 1 || top / bottom <= 1000))
                    {
                        ticks.Add(decade * multiple);
                    }
                }
            }

            return new YScale(top, 0, ticks.Count - 1, [.. ticks]);
        }

        public static YScale FromMax(double max)
        {
            if (!(max > 0) || double.IsInfinity(max))
            {
                max = 1;
            }

            double raw = max / 5;
            double magnitude = Math.Pow(10, Math.Floor(Math.Log10(raw)));
            double fraction = raw / magnitude;
            double nice = fraction <= 1 ? 1 : fraction <= 2 ? 2 : fraction <= 2.5 ? 2.5 : fraction <= 5 ? 5 : 10;
            double step = nice * magnitude;
            int count = (int)Math.Ceiling((max / step) - 1e-9);
            return new YScale(count * step, step, count);
        }

        public double Tick(int index) => LogTicks is { } ticks ? ticks[index] : index * Step;

        public double Y(double value)
        {
            if (LogTicks is { } ticks)
            {
                double bottom = ticks[0];
                double share = (Math.Log10(Math.Max(value, bottom)) - Math.Log10(bottom)) / (Math.Log10(Top) - Math.Log10(bottom));
                return MarginTop + PlotHeight - (share * PlotHeight);
            }

            return MarginTop + PlotHeight - (value / Top * PlotHeight);
        }
    }
}
