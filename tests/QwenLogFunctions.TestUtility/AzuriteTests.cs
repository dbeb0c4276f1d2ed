namespace QwenLogFunctions.TestUtility;

/// <summary>Name of the xunit collection sharing one <see cref="AzuriteFixture"/>; each test assembly declares it with [CollectionDefinition].</summary>
public static class AzuriteTests
{
    public const string CollectionName = "Azurite";
}
