namespace QwenLogFunctions.TestUtility;

/// <summary>Locates the repository from a test's output folder.</summary>
public static class RepositoryPaths
{
    /// <summary>The folder holding QwenLogFunctions.sln.</summary>
    public static string Root { get; } = FindRoot();

    /// <summary>A path below the repository root.</summary>
    public static string Combine(params string[] parts) => Path.Combine([Root, .. parts]);

    private static string FindRoot()
    {
        for (var dir = new DirectoryInfo(AppContext.BaseDirectory); dir is not null; dir = dir.Parent)
        {
            if (File.Exists(Path.Combine(dir.FullName, "QwenLogFunctions.sln")))
            {
                return dir.FullName;
            }
        }

        throw new InvalidOperationException($"QwenLogFunctions.sln not found above {AppContext.BaseDirectory}.");
    }
}
