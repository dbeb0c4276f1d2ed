using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Cli.Tests;

/// <summary>One Azurite for the storage commands' tests (ingest, aggregate, report).</summary>
[CollectionDefinition(AzuriteTests.CollectionName)]
public sealed class AzuriteTestGroup : ICollectionFixture<AzuriteFixture>
{
}
