using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;
using Microsoft.Extensions.Configuration;
using QwenLogFunctions.Core.Rules;

namespace QwenLogFunctions.Pipeline.Rules;

/// <summary>
/// Rule keyword lists and thresholds in one schema, the snake_case names of <see cref="RuleOptions"/> (omitted
/// lists keep their defaults), from either source: a JSON file (the CLI's <c>--rules FILE</c>) or the configuration
/// section <c>QwenLogs:Rules</c> (the Functions app's settings, e.g. <c>QwenLogs__Rules__sensitive_keywords__0</c>).
/// Example in README.md.
/// </summary>
public static class RuleOptionsSource
{
    /// <summary>The configuration section of the rules.</summary>
    public const string SectionName = "QwenLogs:Rules";

    // snake_case names, unknown names refused, comments and trailing commas allowed (RuleOptionsJsonContext).
    private static JsonTypeInfo<RuleOptions> Schema => RuleOptionsJsonContext.Default.RuleOptions;

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
            var rules = JsonSerializer.Deserialize(stream, Schema);
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

    /// <summary>
    /// The rules of section <c>QwenLogs:Rules</c>, or the defaults when it is absent; an error message naming the
    /// setting when it cannot be used. Settings are strings: each is read as the JSON type the same name has in the
    /// file (a list, a number, true/false or a string), so both sources accept exactly the same names and values.
    /// </summary>
    public static (RuleOptions? Rules, string? Error) Load(IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        var section = configuration.GetSection(SectionName);
        if (!section.GetChildren().Any())
        {
            return (new RuleOptions(), null);
        }

        var template = JsonSerializer.SerializeToNode(new RuleOptions(), Schema)!.AsObject();
        var (json, error) = ToJson(section, template);
        if (json is null)
        {
            return (null, error);
        }

        try
        {
            return (json.Deserialize(Schema)!, null);
        }
        catch (JsonException ex)
        {
            return (null, $"app settings {SectionName.Replace(":", "__", StringComparison.Ordinal)}__* are not valid: {ex.Message}");
        }
    }

    private static (JsonObject? Json, string? Error) ToJson(IConfigurationSection section, JsonObject template)
    {
        var json = new JsonObject();
        foreach (var child in section.GetChildren())
        {
            string setting = child.Path.Replace(":", "__", StringComparison.Ordinal);
            switch (template[child.Key])
            {
                case JsonArray:
                    // A list is numbered children (…__0, …__1); order by number, not by text ("10" after "9").
                    var items = new JsonArray();
                    foreach (var item in child.GetChildren().OrderBy(c => int.TryParse(c.Key, NumberStyles.None, CultureInfo.InvariantCulture, out int i) ? i : int.MaxValue))
                    {
                        items.Add((JsonNode?)JsonValue.Create(item.Value));
                    }

                    json[child.Key] = items;
                    break;
                case JsonValue value when value.GetValueKind() is JsonValueKind.True or JsonValueKind.False:
                    if (!bool.TryParse(child.Value, out bool flag))
                    {
                        return (null, $"app setting {setting} must be true or false, not '{child.Value}'");
                    }

                    json[child.Key] = flag;
                    break;
                case JsonValue value when value.GetValueKind() is JsonValueKind.Number:
                    if (!decimal.TryParse(child.Value, NumberStyles.Float, CultureInfo.InvariantCulture, out decimal number))
                    {
                        return (null, $"app setting {setting} must be a number, not '{child.Value}'");
                    }

                    json[child.Key] = number;
                    break;
                default:
                    // Strings, and names the schema does not know (the deserializer then names them as unknown).
                    json[child.Key] = child.Value;
                    break;
            }
        }

        return (json, null);
    }
}

/// <summary>
/// Compile-time serialization metadata of the rules file (the qwenlog CLI runs as native code, without reflection-based
/// serialization): the settings <see cref="RuleOptionsSource"/> reads both sources with.
/// </summary>
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.SnakeCaseLower,
    UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    ReadCommentHandling = JsonCommentHandling.Skip,
    AllowTrailingCommas = true)]
[JsonSerializable(typeof(RuleOptions))]
internal sealed partial class RuleOptionsJsonContext : JsonSerializerContext;
