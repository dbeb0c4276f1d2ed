namespace QwenLogFunctions.Cli;

/// <summary>Exit codes and the one-line error format of the CLI.</summary>
internal static class CliErrors
{
    /// <summary>The command ran (rejected lines included).</summary>
    public const int Success = 0;

    /// <summary>The command could not run: bad input path, unreadable file, unreachable storage, bad arguments.</summary>
    public const int CannotRun = 2;

    /// <summary>Writes "qwenlog: error: ..." to standard error and returns <see cref="CannotRun"/>.</summary>
    public static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"qwenlog: error: {message}");
        return CannotRun;
    }
}
