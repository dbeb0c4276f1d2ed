using System.Reflection;
using System.Text.Json;
using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Functions.Telemetry;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests;

/// <summary>
/// Builds the worker host exactly as Program.cs does, with the committed local.settings.json, the way `func start`
/// would: options validated at start-up pass, and the worker can construct every function class.
/// </summary>
public class AppStartupTests
{
    [Fact]
    public void The_host_builds_with_the_committed_local_settings_and_every_function_resolves()
    {
        using var host = BuildHost(LocalSettings());

        host.Services.GetRequiredService<IStartupValidator>().Validate();
        var functionClasses = typeof(QwenLogApp).Assembly.GetTypes()
            .Where(type => type.GetMethods().Any(method => method.GetCustomAttribute<FunctionAttribute>() is not null))
            .ToList();
        // IngestFunctions (2 functions), AggregateFunction, ReconcileFunction, ReportFunction, RequestsFunction, ShardsFunction (2), AlertsFunction,
        // AuditSampleFunction, PurgeFunctions, MetricsFunction.
        Assert.Equal(10, functionClasses.Count);
        foreach (var type in functionClasses)
        {
            Assert.NotNull(ActivatorUtilities.CreateInstance(host.Services, type));
        }
    }

    [Fact]
    public void A_bad_setting_stops_the_app_at_start_with_a_message_naming_it()
    {
        var settings = LocalSettings();
        settings["QwenLogs:Alerts:MaxFlagRate"] = "1.5";
        using var host = BuildHost(settings);

        var error = Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains("QwenLogs__Alerts__MaxFlagRate", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_app_reads_the_compliance_rules_from_its_settings_in_the_cli_rules_file_schema()
    {
        var settings = LocalSettings();
        settings["QwenLogs:Rules:sensitive_keywords:0"] = "机密";
        settings["QwenLogs:Rules:detect_repeated_inputs"] = "false";
        using var host = BuildHost(settings);

        var rules = host.Services.GetRequiredService<AnalyzerOptions>().Rules;
        Assert.Equal(["机密"], rules.SensitiveKeywords);
        Assert.False(rules.DetectRepeatedInputs);
    }

    [Fact]
    public void A_bad_rules_setting_stops_the_app_at_start_with_a_message_naming_it()
    {
        var settings = LocalSettings();
        settings["QwenLogs:Rules:refusal_search_prefix_chars"] = "lots";

        var error = Assert.Throws<InvalidOperationException>(() => BuildHost(settings));
        Assert.Contains("QwenLogs__Rules__refusal_search_prefix_chars", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("QwenLogs:GpuPrices", "A100", "QwenLogs__GpuPrices")]
    [InlineData("QwenLogs:GpuPrices", "A100=-2", "QwenLogs__GpuPrices")]
    [InlineData("QwenLogs:RowSampleRate", "0", "QwenLogs__RowSampleRate")]
    [InlineData("QwenLogs:RowKeepSlowerThanMs", "-1", "QwenLogs__RowKeepSlowerThanMs")]
    public void A_bad_cost_or_row_setting_stops_the_app_at_start_naming_it(string key, string value, string setting)
    {
        var settings = LocalSettings();
        settings[key] = value;
        using var host = BuildHost(settings);

        var error = Assert.ThrowsAny<Exception>(() => host.Services.GetRequiredService<IStartupValidator>().Validate());
        Assert.Contains(setting, error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Authorization=AAD;ClientId=0b8d7a43-8f0c-4d5c-9b7e-2a8e6c1f0d11", true)]
    [InlineData("ClientId=0b8d7a43-8f0c-4d5c-9b7e-2a8e6c1f0d11; Authorization=aad", true)]
    [InlineData("Authorization=AAD", true)]
    [InlineData("", false)]
    [InlineData(null, false)]
    [InlineData("Authorization=Key", false)]
    public void Telemetry_authenticates_with_the_managed_identity_when_asked(string? value, bool credential)
    {
        Assert.Equal(credential, ApplicationInsightsAuthentication.CreateCredential(value) is not null);
        Assert.Throws<FormatException>(() => ApplicationInsightsAuthentication.CreateCredential("Authorization"));
    }

    private static IHost BuildHost(Dictionary<string, string?> settings)
    {
        var builder = FunctionsApplication.CreateBuilder([]);
        builder.Configuration.AddInMemoryCollection(settings);
        builder.AddQwenLogFunctionsApp();
        return builder.Build();
    }

    /// <summary>The "Values" of the committed local.settings.json, as configuration keys ("__" becomes ":").</summary>
    private static Dictionary<string, string?> LocalSettings()
    {
        using var document = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("src", "QwenLogFunctions.Functions", "local.settings.json")));
        return document.RootElement.GetProperty("Values").EnumerateObject()
            .ToDictionary(p => p.Name.Replace("__", ":", StringComparison.Ordinal), p => (string?)p.Value.GetString());
    }
}
