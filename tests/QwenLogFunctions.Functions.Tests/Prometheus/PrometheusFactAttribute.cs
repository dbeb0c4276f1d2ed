namespace QwenLogFunctions.Functions.Tests.Prometheus;

/// <summary>
/// A test that needs the prometheus binary (Debian package prometheus, installed by .ci/install-prometheus.sh). It
/// fails when the binary is missing, unless QWENLOG_SKIP_PROMETHEUS=1 asks to skip it on a machine that cannot have it.
/// </summary>
public sealed class PrometheusFactAttribute : FactAttribute
{
    public PrometheusFactAttribute()
    {
        if (PrometheusServer.Find() is null && Environment.GetEnvironmentVariable("QWENLOG_SKIP_PROMETHEUS") == "1")
        {
            Skip = "prometheus is not installed and QWENLOG_SKIP_PROMETHEUS=1.";
        }
    }
}
