namespace QwenLogFunctions.Reporting.Tests.Browser;

/// <summary>
/// A fact that needs Debian's chromium. Without it the test runs and fails with an explanation (CI installs it via
/// .ci/install-chromium.sh), unless QWENLOG_SKIP_BROWSER=1 asks to skip it on a machine that cannot have a browser.
/// </summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class BrowserFactAttribute : FactAttribute
{
    public BrowserFactAttribute()
    {
        if (Chromium.Find() is null && Environment.GetEnvironmentVariable("QWENLOG_SKIP_BROWSER") == "1")
        {
            Skip = "chromium is not installed and QWENLOG_SKIP_BROWSER=1.";
        }
    }
}
