using System.CommandLine.Parsing;

namespace QwenLogFunctions.Cli;

/// <summary>Exit codes and the one-line error format of the CLI.</summary>
internal static class CliErrors
{
    /// <summary>The command ran (rejected lines included).</summary>
    public const int Success = 0;

    /// <summary>The command could not run: bad input path, unreadable file, unreachable storage, bad arguments.</summary>
    public const int CannotRun = 2;

    /// <summary>
    /// A parse error as one line that names the option the user typed: System.CommandLine lists allowed values one per
    /// line ("Argument 'xml' not recognized. Must be one of:\n\t'table'..."), which would break the one-line promise.
    /// </summary>
    public static string UsageMessage(ParseError error)
    {
        ArgumentNullException.ThrowIfNull(error);
        var parts = error.Message.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        string message = parts.Length <= 1 ? error.Message.Trim() : $"{parts[0]} {string.Join(", ", parts[1..])}";
        return error.SymbolResult is OptionResult { Option: var option } && !message.Contains(option.Name, StringComparison.Ordinal)
            ? $"{option.Name}: {message}"
            : message;
    }

    /// <summary>Writes "qwenlog: error: ..." to standard error and returns <see cref="CannotRun"/>.</summary>
    public static int Fail(TextWriter error, string message)
    {
        error.WriteLine($"qwenlog: error: {message}");
        return CannotRun;
    }
}
