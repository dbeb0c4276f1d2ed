using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using QwenLogFunctions.Storage;
using QwenLogFunctions.Storage.DependencyInjection;

namespace QwenLogFunctions.Functions.Tests;

public sealed class StorageRegistrationTests
{
    [Fact]
    public void Identity_based_settings_give_clients_on_the_configured_service_uris()
    {
        using var services = Build(new()
        {
            ["AzureWebJobsStorage:tableServiceUri"] = "https://acct.table.core.windows.net",
            ["AzureWebJobsStorage:blobServiceUri"] = "https://acct.blob.core.windows.net",
            ["AzureWebJobsStorage:credential"] = "managedidentity",
            ["AzureWebJobsStorage:clientId"] = "00000000-0000-0000-0000-000000000001",
        });

        Assert.Equal("acct", services.GetRequiredService<TableServiceClient>().AccountName);
        Assert.Equal(new Uri("https://acct.blob.core.windows.net/"), services.GetRequiredService<BlobServiceClient>().Uri);
    }

    [Fact]
    public void A_connection_string_gives_clients_on_its_endpoints()
    {
        using var services = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true" });

        Assert.Equal("devstoreaccount1", services.GetRequiredService<TableServiceClient>().AccountName);
        Assert.Equal(10000, services.GetRequiredService<BlobServiceClient>().Uri.Port);
    }

    [Fact]
    public void Invalid_options_fail_naming_the_app_setting()
    {
        using var services = Build(new() { ["AzureWebJobsStorage"] = "UseDevelopmentStorage=true", ["QwenLogs:TablePrefix"] = "bad-prefix!" });

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<StorageOptions>>().Value);
        Assert.Contains("QwenLogs__TablePrefix", error.Message, StringComparison.Ordinal);
    }

    private static ServiceProvider Build(Dictionary<string, string?> settings) =>
        new ServiceCollection().AddLogging()
            .AddQwenLogStorage(new ConfigurationBuilder().AddInMemoryCollection(settings).Build())
            .BuildServiceProvider();
}
