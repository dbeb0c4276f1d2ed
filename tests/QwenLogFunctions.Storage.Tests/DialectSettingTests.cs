using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using QwenLogFunctions.Core.Parsing;
using QwenLogFunctions.Core.Records;
using QwenLogFunctions.Storage.DependencyInjection;

namespace QwenLogFunctions.Storage.Tests;

public sealed class DialectSettingTests
{
    [Theory]
    [InlineData("auto", true)]
    [InlineData("", true)]
    [InlineData("OpenAI-Batch", true)]
    [InlineData("otlp", true)]
    [InlineData("jsonl", false)]
    public void The_dialect_setting_is_validated_naming_the_app_setting(string value, bool valid)
    {
        var result = new StorageOptionsValidator().Validate(null, new StorageOptions { Dialect = value });

        Assert.Equal(valid, result.Succeeded);
        if (!valid)
        {
            Assert.Contains("QwenLogs__Dialect must be one of auto|article|litellm|otlp|openai-batch (got 'jsonl')", result.FailureMessage, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_dialect_setting_reaches_the_parser_options()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true",
            ["QwenLogs:Dialect"] = "litellm",
        }).Build();
        using var provider = new ServiceCollection().AddQwenLogStorage(configuration).BuildServiceProvider();

        Assert.Equal(LogDialect.LiteLlm, provider.GetRequiredService<AnalyzerOptions>().Dialect);
    }
}
