using System.Text.Json;
using QwenLogFunctions.Core.Configuration;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests.Infra;

/// <summary>
/// The function app's settings in infra/ against the settings the code reads (AppSettingNames.All), both ways.
/// A setting counts as present when its name or its identity-based family (name__serviceUri, name__credential...)
/// is set, which is how the Functions host resolves a connection.
/// </summary>
public sealed class AppSettingsInBicepTests(CompiledMainTemplate template) : IClassFixture<CompiledMainTemplate>
{
    /// <summary>
    /// Settings in the Bicep that no code in this repository reads, each read by the platform instead.
    /// </summary>
    private static readonly HashSet<string> PlatformSettings = new(StringComparer.Ordinal)
    {
        // The host's per-function switch: the polling blob trigger off, the Event Grid one on (Flex Consumption).
        // Underscore spelling because Linux app settings cannot keep dots in environment variable names.
        "AzureWebJobs_Ingest_Disabled",
        "AzureWebJobs_IngestFromEventGrid_Disabled",
    };

    [Fact]
    public void Every_setting_the_code_reads_has_a_value_in_the_bicep()
    {
        var names = SettingNames();

        var missing = AppSettingNames.All.Where(setting => !names.Any(name => Covers(setting, name))).ToList();

        Assert.Empty(missing);
    }

    [Fact]
    public void Every_setting_in_the_bicep_is_read_by_the_code_or_by_the_platform()
    {
        var unknown = SettingNames()
            .Where(name => !PlatformSettings.Contains(name) && !AppSettingNames.All.Any(setting => Covers(setting, name)))
            .ToList();

        Assert.Empty(unknown);
    }

    [Fact]
    public void Setting_names_are_literal_and_unique()
    {
        var names = SettingNames();

        Assert.DoesNotContain(names, name => name.StartsWith('['));
        Assert.Equal(names.Count, names.Distinct(StringComparer.OrdinalIgnoreCase).Count());
    }

    [Fact]
    public void Host_storage_is_identity_based_without_a_connection_string()
    {
        var settings = Settings();

        Assert.DoesNotContain(settings, setting => setting.Name == AppSettingNames.Storage);
        Assert.Equal("managedidentity", Value(settings, "AzureWebJobsStorage__credential"));
        foreach (var service in new[] { "blob", "queue", "table" })
        {
            Assert.Contains(settings, setting => setting.Name == $"AzureWebJobsStorage__{service}ServiceUri");
        }

        Assert.Contains(settings, setting => setting.Name == "AzureWebJobsStorage__clientId");
    }

    [Fact]
    public void Only_the_event_grid_ingest_is_enabled_in_azure()
    {
        var settings = Settings();

        Assert.Equal("true", Value(settings, "AzureWebJobs_Ingest_Disabled"));
        Assert.Equal("false", Value(settings, "AzureWebJobs_IngestFromEventGrid_Disabled"));
    }

    [Fact]
    public void Notification_urls_and_secret_are_secure_parameters()
    {
        var parameters = template.Root.GetProperty("parameters");

        foreach (var name in new[]
        {
            "notificationWebhookUrl", "slackWebhookUrl", "teamsWebhookUrl", "weComWebhookUrl", "dingTalkWebhookUrl", "dingTalkSecret",
        })
        {
            Assert.Equal("securestring", parameters.GetProperty(name).GetProperty("type").GetString());
        }
    }

    /// <summary>True when <paramref name="name"/> is the setting itself or one of its "__" family.</summary>
    private static bool Covers(string setting, string name) =>
        name == setting || name.StartsWith(setting + "__", StringComparison.Ordinal);

    private static string? Value(IReadOnlyList<(string Name, JsonElement Value)> settings, string name) =>
        settings.Single(setting => setting.Name == name).Value.GetString();

    private List<string> SettingNames() => Settings().Select(setting => setting.Name).ToList();

    /// <summary>siteConfig.appSettings of the one Microsoft.Web/sites resource, wherever its module nests it.</summary>
    private List<(string Name, JsonElement Value)> Settings()
    {
        var sites = new List<JsonElement>();
        FindResources(template.Root, "Microsoft.Web/sites", sites);
        var site = Assert.Single(sites);

        return site.GetProperty("properties").GetProperty("siteConfig").GetProperty("appSettings").EnumerateArray()
            .Select(setting => (setting.GetProperty("name").GetString()!, setting.GetProperty("value")))
            .ToList();
    }

    private static void FindResources(JsonElement element, string type, List<JsonElement> found)
    {
        switch (element.ValueKind)
        {
            case JsonValueKind.Object:
                if (element.TryGetProperty("type", out var t) && t.ValueKind == JsonValueKind.String && t.GetString() == type
                    && element.TryGetProperty("properties", out _))
                {
                    found.Add(element);
                }

                foreach (var property in element.EnumerateObject())
                {
                    FindResources(property.Value, type, found);
                }

                break;
            case JsonValueKind.Array:
                foreach (var item in element.EnumerateArray())
                {
                    FindResources(item, type, found);
                }

                break;
        }
    }
}
