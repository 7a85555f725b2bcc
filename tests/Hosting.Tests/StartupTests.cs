using System.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Logging;
using OpenFeature;
using OpenFeature.Constant;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>The application's start waits for the store at most the startup timeout, then serves defaults.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class StartupTests
{
    [Test]
    public async Task A_hanging_store_does_not_hold_the_start_and_is_loaded_once_it_answers()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        emulator.Faults.Latency = TimeSpan.FromMinutes(10);

        var started = Stopwatch.StartNew();
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:AppConfig"] = emulator.ConnectionString,
                ["FeatureFlags:StartupTimeout"] = "00:00:01",
                ["FeatureFlags:RefreshInterval"] = "00:00:01",
            },
            configureServices: b => b.Services.AddHealthChecks().AddFeatureFlags());

        // A hang guard, far below the store's 10-minute stall: the start did not wait for the store.
        Assert.That(started.Elapsed, Is.LessThan(TimeSpan.FromMinutes(2)));
        var client = app.Services.GetRequiredService<IFeatureClient>();
        var details = await client.GetBooleanDetailsAsync("Beta", false);
        Assert.That(details.Value, Is.False, "the default while nothing is loaded");
        var health = await app.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync();
        Assert.That(health.Status, Is.EqualTo(HealthStatus.Unhealthy));

        emulator.Faults.Latency = TimeSpan.Zero;
        Assert.That(await Eventually.TrueAsync(() => client.GetBooleanValueAsync("Beta", false), TimeSpan.FromSeconds(60)), Is.True);
        Assert.That((await client.GetBooleanDetailsAsync("Beta", false)).ErrorType, Is.EqualTo(ErrorType.None));
    }

    [Test]
    public async Task Fleet_settings_without_the_fleet_connection_string_are_reported_not_silently_ignored()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
        var logs = new CollectingLoggerProvider();
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:AppConfig"] = emulator.ConnectionString,
                ["FeatureFlags:Fleet:FleetName"] = "checkout",
            },
            configureServices: b => b.Logging.AddProvider(logs));

        Assert.That(await app.Services.GetRequiredService<IFeatureClient>().GetBooleanValueAsync("Beta", false), Is.True, "the app still runs on its own");
        Assert.That(
            logs.Messages,
            Has.One.Contains("FeatureFlags:Fleet is set but ConnectionStrings:FlagFleet is not").And.Contains("polls the store itself"));
    }
}
