namespace OpenFeatureAppConfig.Emulator.Tests.Fidelity;

/// <summary>The npm folder of this test project (tests/Emulator.Tests/node), found from the test's output folder.</summary>
internal static class NpmPackages
{
    private const string RelativePath = "tests/Emulator.Tests/node";

    public static string Directory { get; } = Find();

    private static string Find()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, RelativePath);
            if (File.Exists(Path.Combine(candidate, "package.json")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"No {RelativePath}/package.json above {AppContext.BaseDirectory}.");
    }
}
