using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenFeature;
using OpenFeature.Constant;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>AddHealthChecks().AddFeatureFlags(): Unhealthy before the first load, Healthy when fresh, Degraded when stale.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class HealthTests
{
    [Test]
    public async Task Unhealthy_before_the_first_load_then_healthy_once_the_store_answers()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        emulator.Faults.Outage = true;

        await using var app = await StartAsync(emulator);
        var report = await CheckAsync(app);
        Assert.That(report.Status, Is.EqualTo(HealthStatus.Unhealthy), report.Entries.Values.Single().Description);
        Assert.That(report.Entries["feature_flags"].Description, Does.Contain("not loaded"));

        emulator.Faults.Outage = false;
        Assert.That(await Eventually.TrueAsync(async () => (await CheckAsync(app)).Status == HealthStatus.Healthy), Is.True);
        using var http = app.CreateClient();
        using var response = await http.GetAsync("/healthz/ready");
        Assert.That((int)response.StatusCode, Is.EqualTo(200));
    }

    [Test]
    public async Task Degraded_while_the_store_fails_after_loading_then_healthy_again()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        await using var app = await StartAsync(emulator, startupTimeout: "00:00:30");
        var loaded = await CheckAsync(app);
        Assert.That(loaded.Status, Is.EqualTo(HealthStatus.Healthy), loaded.Entries["feature_flags"].Description);

        emulator.Faults.Outage = true;
        Assert.That(await Eventually.TrueAsync(async () => (await CheckAsync(app)).Status == HealthStatus.Degraded), Is.True);
        var degraded = (await CheckAsync(app)).Entries["feature_flags"];
        Assert.That(degraded.Data, Is.Not.Empty);
        using (var http = app.CreateClient())
        using (var response = await http.GetAsync("/healthz/ready"))
        {
            // Degraded still serves traffic: the default status code mapping answers 200.
            Assert.That((int)response.StatusCode, Is.EqualTo(200));
        }

        emulator.Faults.Outage = false;
        Assert.That(await Eventually.TrueAsync(async () => (await CheckAsync(app)).Status == HealthStatus.Healthy), Is.True);
    }

    [Test]
    public async Task Store_outage_reaches_the_app_logs_and_the_provider_reports_stale_then_ready()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        var logs = new CollectingLoggerProvider();
        var events = new System.Collections.Concurrent.ConcurrentQueue<ProviderEventTypes>();
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:AppConfig"] = emulator.ConnectionString,
                ["FeatureFlags:RefreshInterval"] = "00:00:01",
            },
            configureServices: b => b.Logging.AddProvider(logs),
            configureOpenFeature: of => of
                .AddHandler(ProviderEventTypes.ProviderStale, e => events.Enqueue(ProviderEventTypes.ProviderStale))
                .AddHandler(ProviderEventTypes.ProviderReady, e => events.Enqueue(ProviderEventTypes.ProviderReady)));

        emulator.Faults.Outage = true;
        Assert.That(await Eventually.TrueAsync(() => Task.FromResult(events.Contains(ProviderEventTypes.ProviderStale))), Is.True);
        Assert.That(logs.Messages, Has.Some.Contains("Refresh of Azure App Configuration store"));
        var client = app.Services.GetRequiredService<IFeatureClient>();
        Assert.That(await client.GetBooleanValueAsync("Beta", false), Is.True, "the last data is still served");

        emulator.Faults.Outage = false;
        Assert.That(await Eventually.TrueAsync(() => Task.FromResult(events.Reverse().First() == ProviderEventTypes.ProviderReady)), Is.True);
    }

    [Test]
    public async Task Last_known_good_file_serves_the_flags_when_the_store_is_down_at_start_and_is_degraded()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        using var folder = TemporaryDirectory.Create("hosting-lkg-");
        var configuration = new Dictionary<string, string?>
        {
            ["ConnectionStrings:AppConfig"] = emulator.ConnectionString,
            ["FeatureFlags:StartupTimeout"] = "00:00:01",
            ["FeatureFlags:LastKnownGoodFile"] = folder.File("flags-lkg.json"),
        };
        await using (var first = await TestApp.StartAsync(new Dictionary<string, string?>(configuration) { ["FeatureFlags:StartupTimeout"] = "00:00:30" }))
        {
            Assert.That(await first.Services.GetRequiredService<IFeatureClient>().GetBooleanValueAsync("Beta", false), Is.True);
        }

        Assert.That(File.Exists(folder.File("flags-lkg.json")), Is.True);
        emulator.Faults.Outage = true;
        await using var second = await TestApp.StartAsync(configuration, configureServices: b => b.Services.AddHealthChecks().AddFeatureFlags());
        Assert.That(await second.Services.GetRequiredService<IFeatureClient>().GetBooleanValueAsync("Beta", false), Is.True, "served from the file");
        var report = await CheckAsync(second);
        Assert.That(report.Status, Is.EqualTo(HealthStatus.Degraded));
        Assert.That(report.Entries["feature_flags"].Description, Does.Contain("last-known-good"));
    }

    [Test]
    public async Task Local_json_flags_are_healthy()
    {
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["FeatureFlags:File"] = "flags.json" },
            configureServices: b => b.Services.AddHealthChecks().AddFeatureFlags(),
            prepareContentRoot: root => File.WriteAllText(Path.Combine(root, "flags.json"), """{"feature_management":{"feature_flags":[]}}"""));
        Assert.That((await CheckAsync(app)).Status, Is.EqualTo(HealthStatus.Healthy));
    }

    private static Task<TestApp> StartAsync(AppConfigurationEmulator emulator, string startupTimeout = "00:00:01") =>
        TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:AppConfig"] = emulator.ConnectionString,
                ["FeatureFlags:RefreshInterval"] = "00:00:01",
                ["FeatureFlags:StartupTimeout"] = startupTimeout,
            },
            configureServices: b => b.Services.AddHealthChecks().AddFeatureFlags(tags: ["ready"]),
            configurePipeline: app => app.MapHealthChecks("/healthz/ready", new() { Predicate = c => c.Tags.Contains("ready") }));

    private static Task<HealthReport> CheckAsync(TestApp app) =>
        app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
}
