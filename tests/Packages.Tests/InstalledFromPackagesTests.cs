using System.Net;
using System.Net.Sockets;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using System.Xml.Linq;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Packages.Tests;

/// <summary>
/// A newcomer's first hour, from packages only: eng/pack.sh builds our packages; a new `dotnet new web` app gets the
/// README's `dotnet add package` lines and its quick-start Program.cs; the emulator runs as the installed .NET tool;
/// a flag toggled in the emulator changes the app's answer. Everything lives in one temp folder, removed at the end,
/// and NuGet extracts into a private packages folder there, so our packages never enter the machine's cache.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class InstalledFromPackagesTests
{
    private const string FlagKey = ".appconfig.featureflag/new_checkout";
    private static readonly TimeSpan PackTimeout = TimeSpan.FromMinutes(8);
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromMinutes(4);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromMinutes(1);

    [Test]
    public async Task A_new_web_app_from_our_packages_and_the_readme_follows_a_flag_toggled_in_the_emulator_tool()
    {
        var clock = System.Diagnostics.Stopwatch.StartNew();
        var repository = RepositoryRoot();
        var quickStart = ReadmeQuickStart.Read(Path.Combine(repository, "README.md"));
        using var scratch = new ScratchFolder("ofac-packages-test");
        var packages = scratch.Folder("packages");

        // Pack from source, with bin/obj of its own: the solution's own build may be running beside this test.
        var packer = new DotnetCli();
        await packer.RunAsync("bash", repository, PackTimeout,
            Path.Combine(repository, "eng", "pack.sh"), packages,
            "-p:UseArtifactsOutput=true", $"-p:ArtifactsPath={scratch.Folder("build")}");
        var version = PackedVersion(packages);
        Progress(clock, "packed");

        var cli = new DotnetCli(globalPackagesFolder: scratch.Folder("nuget-packages"));
        WriteNuGetConfig(Path.Combine(scratch.Path, "nuget.config"), packages, repository);

        // The app: the template, the README's packages (ours at the version just packed), the README's Program.cs.
        var app = scratch.Folder("app");
        await cli.RunAsync(scratch.Path, CommandTimeout, "new", "web", "--output", app, "--name", "QuickStartApp", "--no-restore");
        foreach (var id in quickStart.PackageIds)
        {
            string[] pinned = id.StartsWith("OpenFeatureAppConfig.", StringComparison.Ordinal) ? ["--version", version] : [];
            await cli.RunAsync(app, CommandTimeout, ["add", "package", id, .. pinned]);
        }

        await File.WriteAllTextAsync(Path.Combine(app, "Program.cs"), quickStart.ProgramCs);
        await cli.RunAsync(app, CommandTimeout, "build", "-c", "Release", "-nologo");
        AssertOnlyTheseDirectPackages(Path.Combine(app, "QuickStartApp.csproj"), quickStart.PackageIds);
        Progress(clock, "app built from packages");

        // The emulator: installed as the .NET tool and started on a free port with the flag off.
        var tools = scratch.Folder("tools");
        await cli.RunAsync(scratch.Path, CommandTimeout,
            "tool", "install", "OpenFeatureAppConfig.Emulator", "--version", version, "--tool-path", tools, "--add-source", packages);
        var seed = Path.Combine(scratch.Path, "flags.json");
        await File.WriteAllTextAsync(seed, """{ "feature_management": { "feature_flags": [ { "id": "new_checkout", "enabled": false } ] } }""");
        await using var emulator = cli.Start(Path.Combine(tools, "appconfig-emulator"), scratch.Path, new Dictionary<string, string>(),
            "--port", "0", "--seed", seed);
        var connectionString = (await emulator.WaitForLineAsync("Connection string: ", StartTimeout)).Trim();
        var readOnlyConnectionString = (await emulator.WaitForLineAsync("Read-only connection string: ", StartTimeout)).Trim();
        Progress(clock, "emulator tool installed and started");

        var port = FreeLoopbackPort();
        await using var web = cli.Start("dotnet", app, new Dictionary<string, string>
        {
            ["ASPNETCORE_URLS"] = $"http://127.0.0.1:{port}",
            ["ConnectionStrings__AppConfig"] = readOnlyConnectionString,
            ["FeatureFlags__RefreshInterval"] = "00:00:01",
        }, Path.Combine(app, "bin", "Release", "net10.0", "QuickStartApp.dll"));
        await web.WaitForLineAsync("Application started", StartTimeout);
        Progress(clock, "app started");

        using var http = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}/") };
        var store = new AppConfigurationClient(connectionString);
        await EventuallyAnswersAsync(http, web, "old checkout");

        await SetEnabledAsync(store, true);
        await EventuallyAnswersAsync(http, web, "new checkout");

        await SetEnabledAsync(store, false);
        await EventuallyAnswersAsync(http, web, "old checkout");
        Progress(clock, "the app followed both toggles");
    }

    // Where the minutes go, in the test log (no assertion is made on them).
    private static void Progress(System.Diagnostics.Stopwatch clock, string step) =>
        TestContext.Progress.WriteLine($"[{clock.Elapsed:mm\\:ss}] {step}");

    private static async Task SetEnabledAsync(AppConfigurationClient store, bool enabled)
    {
        var setting = (await store.GetConfigurationSettingAsync(FlagKey)).Value;
        var flag = JsonNode.Parse(setting.Value ?? "{}")!.AsObject();
        flag["enabled"] = enabled;
        setting.Value = flag.ToJsonString();
        await store.SetConfigurationSettingAsync(setting);
    }

    // Polls until the app gives the answer; the deadline only bounds a broken run, it measures nothing.
    private static async Task EventuallyAnswersAsync(HttpClient http, ChildProcess web, string expected)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(60);
        var last = "(no answer)";
        while (DateTime.UtcNow < deadline)
        {
            try
            {
                last = await http.GetStringAsync("/");
                if (last == expected)
                {
                    return;
                }
            }
            catch (HttpRequestException exception)
            {
                last = exception.Message;
            }

            await Task.Delay(200);
        }

        Assert.Fail($"The app kept answering '{last}', not '{expected}'.\n{web.Output}");
    }

    // Sources: the packages just built, the official OpenFeature packages (the CI machines' local feed beside the
    // clone when it exists, else the user's registry), this machine's package cache (so nothing else is downloaded
    // again), and, inherited from the user's own NuGet settings, their registry.
    private static void WriteNuGetConfig(string path, string packages, string repository)
    {
        var sources = new List<(string Key, string Value)> { ("openfeatureappconfig", packages) };
        var shared = Path.GetFullPath(Path.Combine(repository, "..", "shared", "packages"));
        if (Directory.Exists(shared))
        {
            sources.Add(("openfeature-local", shared));
        }

        if (Directory.Exists(DotnetCli.MachineGlobalPackagesFolder))
        {
            sources.Add(("machine-cache", DotnetCli.MachineGlobalPackagesFolder));
        }

        new XDocument(new XElement("configuration",
            new XElement("packageSources", sources.Select(s => new XElement("add", new XAttribute("key", s.Key), new XAttribute("value", s.Value))))))
            .Save(path);
    }

    private static void AssertOnlyTheseDirectPackages(string projectFile, IReadOnlyList<string> packageIds)
    {
        var references = XDocument.Load(projectFile).Descendants("PackageReference").Select(r => (string?)r.Attribute("Include")).ToList();
        Assert.That(references, Is.EquivalentTo(packageIds));
    }

    private static string PackedVersion(string packages)
    {
        var hosting = Directory.GetFiles(packages, "OpenFeatureAppConfig.Hosting.*.nupkg").Single();
        return Regex.Match(Path.GetFileName(hosting), @"^OpenFeatureAppConfig\.Hosting\.(.+)\.nupkg$").Groups[1].Value;
    }

    private static int FreeLoopbackPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static string RepositoryRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "OpenFeatureAppConfig.sln")))
            {
                return folder.FullName;
            }
        }

        throw new DirectoryNotFoundException($"No OpenFeatureAppConfig.sln above {AppContext.BaseDirectory}.");
    }
}
