using System.Text.Json;
using System.Text.RegularExpressions;
using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests.Infra;

/// <summary>
/// The pieces azd joins by name: azure.yaml, infra/main.parameters.json, the outputs of infra/main.bicep and the
/// postdeploy hook. A rename on one side breaks `azd up` only in Azure; these catch it here.
/// </summary>
public sealed partial class AzdWiringTests(CompiledMainTemplate template) : IClassFixture<CompiledMainTemplate>
{
    [Fact]
    public void The_parameters_file_sets_only_parameters_main_bicep_declares()
    {
        using var file = JsonDocument.Parse(File.ReadAllText(RepositoryPaths.Combine("infra", "main.parameters.json")));
        var declared = template.Root.GetProperty("parameters").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        var undeclared = file.RootElement.GetProperty("parameters").EnumerateObject()
            .Select(p => p.Name)
            .Where(name => !declared.Contains(name))
            .ToList();

        Assert.Empty(undeclared);
    }

    [Fact]
    public void Every_variable_the_postdeploy_hook_requires_is_a_main_bicep_output()
    {
        var hook = File.ReadAllText(RepositoryPaths.Combine("infra", "hooks", "postdeploy.sh"));
        var outputs = template.Root.GetProperty("outputs").EnumerateObject().Select(p => p.Name).ToHashSet(StringComparer.Ordinal);

        var required = RequiredVariable().Matches(hook).Select(match => match.Groups[1].Value).ToList();

        Assert.NotEmpty(required);
        Assert.All(required, name => Assert.Contains(name, outputs));
    }

    [Fact]
    public void The_azure_yaml_service_is_the_one_the_function_app_is_tagged_with()
    {
        var yaml = File.ReadAllText(RepositoryPaths.Combine("azure.yaml"));
        var services = yaml[yaml.IndexOf("\nservices:", StringComparison.Ordinal)..];
        var serviceName = ServiceName().Match(services).Groups[1].Value;
        var tagged = FindModuleParameter(template.Root, "azdServiceName");

        Assert.Equal(tagged, serviceName);
        Assert.Contains("project: ./src/QwenLogFunctions.Functions", services, StringComparison.Ordinal);
        Assert.Contains("host: function", services, StringComparison.Ordinal);
    }

    private static string? FindModuleParameter(JsonElement element, string name)
    {
        if (element.ValueKind == JsonValueKind.Object)
        {
            if (element.TryGetProperty("parameters", out var parameters) && parameters.ValueKind == JsonValueKind.Object
                && parameters.TryGetProperty(name, out var parameter) && parameter.TryGetProperty("value", out var value))
            {
                return value.GetString();
            }

            return element.EnumerateObject().Select(p => FindModuleParameter(p.Value, name)).FirstOrDefault(v => v is not null);
        }

        return element.ValueKind == JsonValueKind.Array
            ? element.EnumerateArray().Select(item => FindModuleParameter(item, name)).FirstOrDefault(v => v is not null)
            : null;
    }

    [GeneratedRegex(@"\$\{([A-Z_]+):\?")]
    private static partial Regex RequiredVariable();

    [GeneratedRegex(@"\n  ([a-z0-9-]+):\n")]
    private static partial Regex ServiceName();
}
