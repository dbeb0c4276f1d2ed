namespace QwenLogFunctions.Alerting;

/// <summary>Time helpers shared by the rules and the stores.</summary>
internal static class AlertTime
{
    /// <summary>Start of the UTC hour containing <paramref name="value"/>.</summary>
    public static DateTimeOffset HourOf(DateTimeOffset value)
    {
        var utc = value.ToUniversalTime();
        return new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, 0, 0, TimeSpan.Zero);
    }
}
