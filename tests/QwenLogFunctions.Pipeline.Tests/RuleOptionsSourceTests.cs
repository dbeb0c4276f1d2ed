using Microsoft.Extensions.Configuration;
using QwenLogFunctions.Core.Rules;
using QwenLogFunctions.Pipeline.Rules;

namespace QwenLogFunctions.Pipeline.Tests;

/// <summary>The CLI's --rules FILE and the app's QwenLogs:Rules settings: one schema, the same rules.</summary>
public sealed class RuleOptionsSourceTests : IDisposable
{
    private readonly string _file = Path.Combine(Path.GetTempPath(), $"rules-{Guid.NewGuid():N}.json");

    public void Dispose() => File.Delete(_file);

    [Fact]
    public void Settings_and_a_rules_file_with_the_same_names_give_the_same_rules()
    {
        File.WriteAllText(_file, """
            { "sensitive_keywords": ["机密", "内部"], "refusal_search_prefix_chars": 120, "detect_repeated_inputs": false }
            """);
        var (fromFile, fileError) = RuleOptionsSource.Load(new FileInfo(_file));
        var (fromSettings, settingsError) = RuleOptionsSource.Load(Settings(new()
        {
            ["QwenLogs:Rules:sensitive_keywords:0"] = "机密",
            ["QwenLogs:Rules:sensitive_keywords:1"] = "内部",
            ["QwenLogs:Rules:refusal_search_prefix_chars"] = "120",
            ["QwenLogs:Rules:detect_repeated_inputs"] = "false",
        }));

        Assert.Null(fileError);
        Assert.Null(settingsError);
        Assert.Equal(["机密", "内部"], fromSettings!.SensitiveKeywords);
        Assert.Equal(120, fromSettings.RefusalSearchPrefixChars);
        Assert.False(fromSettings.DetectRepeatedInputs);
        Assert.Equal(fromFile!.SensitiveKeywords, fromSettings.SensitiveKeywords);
        Assert.Equal(fromFile.RefusalSearchPrefixChars, fromSettings.RefusalSearchPrefixChars);
        Assert.Equal(fromFile.DetectRepeatedInputs, fromSettings.DetectRepeatedInputs);

        // Lists not given keep their defaults, in both sources.
        Assert.Equal(new RuleOptions().JailbreakKeywords, fromSettings.JailbreakKeywords);
        Assert.Equal(new RuleOptions().JailbreakKeywords, fromFile.JailbreakKeywords);
    }

    [Fact]
    public void List_items_keep_their_numeric_order_past_nine()
    {
        var settings = Enumerable.Range(0, 12).ToDictionary(i => $"QwenLogs:Rules:sensitive_keywords:{i}", i => (string?)$"k{i}");
        var (rules, _) = RuleOptionsSource.Load(Settings(settings));
        Assert.Equal(Enumerable.Range(0, 12).Select(i => $"k{i}"), rules!.SensitiveKeywords);
    }

    [Fact]
    public void No_rules_section_gives_the_defaults()
    {
        var (rules, error) = RuleOptionsSource.Load(Settings(new() { ["QwenLogs:TablePrefix"] = "x" }));
        Assert.Null(error);
        Assert.Equal(new RuleOptions().SensitiveKeywords, rules!.SensitiveKeywords);
    }

    [Theory]
    [InlineData("QwenLogs:Rules:refusal_search_prefix_chars", "many", "QwenLogs__Rules__refusal_search_prefix_chars must be a number")]
    [InlineData("QwenLogs:Rules:detect_repeated_inputs", "yes", "QwenLogs__Rules__detect_repeated_inputs must be true or false")]
    [InlineData("QwenLogs:Rules:sensitive_words", "x", "sensitive_words")]
    public void A_wrong_setting_is_an_error_naming_it(string key, string value, string expected)
    {
        var (rules, error) = RuleOptionsSource.Load(Settings(new() { [key] = value }));
        Assert.Null(rules);
        Assert.Contains(expected, error, StringComparison.Ordinal);
    }

    private static IConfiguration Settings(Dictionary<string, string?> values) =>
        new ConfigurationBuilder().AddInMemoryCollection(values).Build();
}
