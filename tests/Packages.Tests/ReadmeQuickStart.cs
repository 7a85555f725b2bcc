namespace OpenFeatureAppConfig.Packages.Tests;

/// <summary>
/// The README's "Quick start" section, read from the file itself so the test installs and runs exactly what a
/// newcomer copies: its <c>dotnet add package</c> lines and its C# block (a whole Program.cs).
/// </summary>
internal sealed record ReadmeQuickStart(IReadOnlyList<string> PackageIds, string ProgramCs)
{
    private const string SectionHeading = "## Quick start";
    private const string AddPackage = "dotnet add package ";

    /// <summary>Reads the quick start from <paramref name="readmePath"/>.</summary>
    public static ReadmeQuickStart Read(string readmePath)
    {
        var lines = File.ReadAllLines(readmePath);
        var section = lines.SkipWhile(l => !l.StartsWith(SectionHeading, StringComparison.Ordinal)).Skip(1)
            .TakeWhile(l => !l.StartsWith("## ", StringComparison.Ordinal))
            .ToList();
        if (section.Count == 0)
        {
            throw new InvalidDataException($"{readmePath} has no '{SectionHeading}' section.");
        }

        var packageIds = section
            .Select(l => l.Trim())
            .Where(l => l.StartsWith(AddPackage, StringComparison.Ordinal))
            .Select(l => l[AddPackage.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries)[0])
            .ToList();
        var code = section.SkipWhile(l => l.Trim() != "```csharp").Skip(1).TakeWhile(l => l.Trim() != "```").ToList();
        if (packageIds.Count == 0 || code.Count == 0)
        {
            throw new InvalidDataException($"The '{SectionHeading}' section of {readmePath} needs '{AddPackage}' lines and a ```csharp block.");
        }

        return new ReadmeQuickStart(packageIds, string.Join('\n', code) + "\n");
    }
}
