using System.Runtime.InteropServices;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Packages.Tests;

/// <summary>
/// Runs the <c>dotnet</c> CLI the way a newcomer's shell would, but leaving no build servers behind and, when
/// given one, with a private NuGet global packages folder (so our packages never land in the machine's cache).
/// </summary>
internal sealed class DotnetCli
{
    private readonly Dictionary<string, string> _environment = new(StringComparer.Ordinal)
    {
        ["DOTNET_NOLOGO"] = "1",
        ["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1",
        ["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1",
        ["DOTNET_GENERATE_ASPNET_CERTIFICATE"] = "false",
        // No MSBuild worker nodes or compiler server outliving the command: the test must leave nothing running.
        ["MSBUILDDISABLENODEREUSE"] = "1",
        ["UseSharedCompilation"] = "false",
        // The tool shim installed by `dotnet tool install --tool-path` finds the runtime through DOTNET_ROOT.
        ["DOTNET_ROOT"] = Environment.GetEnvironmentVariable("DOTNET_ROOT") ?? DotnetRoot(),
    };

    /// <summary>A CLI; with <paramref name="globalPackagesFolder"/>, NuGet extracts packages there.</summary>
    public DotnetCli(string? globalPackagesFolder = null)
    {
        if (globalPackagesFolder is not null)
        {
            _environment["NUGET_PACKAGES"] = globalPackagesFolder;
        }
    }

    /// <summary>The machine's NuGet global packages folder: a local feed of everything already restored here.</summary>
    public static string MachineGlobalPackagesFolder =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES")
        ?? Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>Runs <c>dotnet args</c> in <paramref name="workingDirectory"/>; fails with its output unless it succeeds.</summary>
    public Task<ProcessResult> RunAsync(string workingDirectory, TimeSpan timeout, params string[] args) =>
        RunAsync("dotnet", workingDirectory, timeout, args);

    /// <summary>Runs <paramref name="fileName"/> (e.g. a script) with this CLI's environment; fails unless it succeeds.</summary>
    public async Task<ProcessResult> RunAsync(string fileName, string workingDirectory, TimeSpan timeout, params string[] args)
    {
        var result = await ChildProcess.RunAsync(fileName, args, workingDirectory, _environment, timeout, CancellationToken.None);
        if (result.ExitCode != 0)
        {
            Assert.Fail($"'{fileName} {string.Join(' ', args)}' in {workingDirectory} failed ({result.ExitCode}).\nstdout:\n{result.StandardOutput}\nstderr:\n{result.StandardError}");
        }

        return result;
    }

    /// <summary>Starts a long-running program (the app, the emulator tool) with this CLI's environment plus <paramref name="extra"/>.</summary>
    public ChildProcess Start(string fileName, string workingDirectory, IReadOnlyDictionary<string, string> extra, params string[] args)
    {
        var environment = new Dictionary<string, string>(_environment, StringComparer.Ordinal);
        foreach (var (name, value) in extra)
        {
            environment[name] = value;
        }

        return ChildProcess.Start(fileName, args, workingDirectory, environment);
    }

    // The runtime directory is <root>/shared/Microsoft.NETCore.App/<version>/.
    private static string DotnetRoot() =>
        Path.GetFullPath(Path.Combine(RuntimeEnvironment.GetRuntimeDirectory(), "..", "..", ".."));
}
