using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Cli.Tests;

/// <summary>Time options outside the supported window (2000-01-01 to 2100-01-01) are a one-line usage error, never a crash.</summary>
public sealed class TimeOptionTests
{
    [Theory]
    [InlineData("report", "--from", "9999-12-30T00:00:00Z", "--to", "9999-12-31T22:00:00Z", "--connection", "UseDevelopmentStorage=true")]
    [InlineData("report", "--from", "2099-12-31T00:00:00Z", "--to", "9999-12-31T22:00:00Z", "--connection", "UseDevelopmentStorage=true")]
    [InlineData("aggregate", "--hour", "9999-12-31T23:00:00Z", "--connection", "UseDevelopmentStorage=true")]
    [InlineData("generate", "--lines", "1", "--out", "never-written.jsonl", "--start", "0001-01-01T00:00:00Z")]
    public async Task Times_outside_the_supported_window_are_a_usage_error(params string[] arguments)
    {
        // The connection is never used: the option is refused while parsing.
        var (exit, stdout, stderr) = await QwenlogProcess.RunAsync(arguments);

        Assert.Equal(2, exit);
        Assert.Equal(string.Empty, stdout);
        Assert.Contains("is outside the supported times 2000-01-01T00:00:00Z to 2100-01-01T00:00:00Z", stderr, StringComparison.Ordinal);
        Assert.DoesNotContain("   at ", stderr, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Generate_refuses_a_span_running_past_the_supported_window()
    {
        string folder = Directory.CreateTempSubdirectory("qwenlog-times-").FullName;
        try
        {
            var (exit, _, stderr) = await QwenlogProcess.RunAsync(
                "generate", "--lines", "10", "--out", Path.Combine(folder, "late.jsonl"), "--start", "2099-12-31T00:00:00Z", "--hours", "2147483647");
            Assert.Equal(2, exit);
            Assert.Contains("--start plus --hours 2147483647 ends after the supported times", stderr, StringComparison.Ordinal);
            Assert.False(File.Exists(Path.Combine(folder, "late.jsonl")));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
