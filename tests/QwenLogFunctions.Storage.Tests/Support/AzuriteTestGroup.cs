using QwenLogFunctions.TestUtility;

namespace QwenLogFunctions.Storage.Tests.Support;

[CollectionDefinition(AzuriteTests.CollectionName)]
public sealed class AzuriteTestGroup : ICollectionFixture<AzuriteFixture>
{
}
