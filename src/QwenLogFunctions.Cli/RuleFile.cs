using System.Text.Json;
using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Cli;

/// <summary>
/// Reads rule keyword lists and thresholds from a JSON file (snake_case names of <see cref="RuleOptions"/>;
/// omitted lists keep their defaults). Example in README.md.
/// </summary>
internal static class RuleFile
{
    private static readonly JsonSerializerOptions Options = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.SnakeCaseLower,
        UnmappedMemberHandling = System.Text.Json.Serialization.JsonUnmappedMemberHandling.Disallow,
        ReadCommentHandling = JsonCommentHandling.Skip,
        AllowTrailingCommas = true,
    };

    /// <summary>The rules in the file, or the defaults when no file is given; an error message when it cannot be used.</summary>
    public static (RuleOptions? Rules, string? Error) Load(FileInfo? file)
    {
        if (file is null)
        {
            return (new RuleOptions(), null);
        }

        try
        {
            using var stream = file.OpenRead();
            var rules = JsonSerializer.Deserialize<RuleOptions>(stream, Options);
            return rules is null ? (null, $"rules file {file.Name} is empty (null)") : (rules, null);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return (null, $"cannot read rules file {file.FullName}: {ex.Message}");
        }
        catch (JsonException ex)
        {
            return (null, $"rules file {file.Name} is not valid: {ex.Message}");
        }
    }
}
