using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Pipeline.Tests;

[CollectionDefinition(AzuriteTests.CollectionName)]
public sealed class AzuriteTestGroup : ICollectionFixture<AzuriteFixture>
{
}
