using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Functions.Tests;

[CollectionDefinition(AzuriteTests.CollectionName)]
public sealed class AzuriteTestGroup : ICollectionFixture<AzuriteFixture>
{
}
