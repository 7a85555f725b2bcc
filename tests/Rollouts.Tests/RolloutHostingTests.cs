using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Fleet.Tests;
using OpenFeatureAppConfig.Rollouts.Internal;
using OpenFeatureAppConfig.Samples.RolloutWorker;

namespace OpenFeatureAppConfig.Rollouts.Tests;

/// <summary>
/// The executor on by configuration (<c>FeatureFlags:Rollouts:Enabled</c>) through <c>builder.AddFeatureFlags()</c>,
/// on the flags' own store, and in fleet mode (<c>ConnectionStrings:FlagFleet</c>, a real <c>redis-server</c> of the
/// test's own) where the fleet's leader is the one executor. Each host runs on the test's fake clock.
/// </summary>
[TestFixture]
public sealed class RolloutHostingTests : RolloutStoreTest
{
    private readonly List<IHost> _hosts = [];
    private RedisServer? _redis;

    [TearDown]
    public async Task StopHostsAsync()
    {
        foreach (var host in _hosts)
        {
            await host.StopAsync();
            host.Dispose();
        }

        _hosts.Clear();
        if (_redis is not null)
        {
            await _redis.DisposeAsync();
            _redis = null;
        }
    }

    private IHost Build(Dictionary<string, string?> settings)
    {
        var builder = Host.CreateApplicationBuilder(new HostApplicationBuilderSettings { DisableDefaults = true });
        builder.Logging.ClearProviders();
        builder.Configuration.AddInMemoryCollection(settings);
        builder.Services.AddSingleton<TimeProvider>(Time);
        builder.AddFeatureFlags();
        var host = builder.Build();
        _hosts.Add(host);
        return host;
    }

    private async Task<IHost> StartAsync(Dictionary<string, string?> settings)
    {
        var host = Build(settings);
        await host.StartAsync();
        return host;
    }

    private Dictionary<string, string?> Settings(string instance, bool rollouts = true) => new()
    {
        ["ConnectionStrings:AppConfig"] = Emulator.ConnectionString,
        ["FeatureFlags:Rollouts:Enabled"] = rollouts ? "true" : null,
        ["FeatureFlags:Rollouts:InstanceId"] = instance,
        ["FeatureFlags:Rollouts:PollInterval"] = "00:01:00",
    };

    private Task SavePlanAsync(RolloutPlan plan) =>
        Emulator.SetKeyValueAsync(RolloutKeys.KeyFor(plan.FlagName), plan.ToJson(), plan.Label, RolloutKeys.ContentType);

    private async Task<RolloutPlan> ReadPlanAsync() =>
        RolloutPlan.Parse(Flag, null, (await Client.GetConfigurationSettingAsync(RolloutKeys.KeyFor(Flag))).Value.Value!);

    private int Writes(string key) => Emulator.Requests.Snapshot().Count(request =>
        request.Method is "PUT" && request.StatusCode is 200 or 201 && Uri.UnescapeDataString(request.PathAndQuery).Contains("/kv/" + key + "?", StringComparison.Ordinal));

    private int Requests(string key) => Emulator.Requests.Snapshot().Count(request =>
        Uri.UnescapeDataString(request.PathAndQuery).Contains("/kv/" + key, StringComparison.Ordinal));

    /// <summary>Moves the fake clock one hold at a time and waits (real time, bounded) for each stage to be recorded.</summary>
    private async Task WalkThroughTheStagesAsync()
    {
        // The first pass may have run before this instance knew it leads: one poll interval later it looks again.
        Time.Advance(TimeSpan.FromMinutes(1));
        await WaitForAsync(async () => (await ReadPlanAsync()).Status.Stage == 0, "stage 1 was written");
        for (var stage = 1; stage < 4; stage++)
        {
            Time.Advance(TimeSpan.FromHours(1));
            var expected = stage;
            await WaitForAsync(async () => (await ReadPlanAsync()).Status.Stage == expected, $"stage {stage + 1} was written");
        }

        Time.Advance(TimeSpan.FromHours(1));
        await WaitForAsync(async () => (await ReadPlanAsync()).Status.State == RolloutState.Completed, "the rollout completed");
    }

    [Test]
    public async Task FeatureFlags_Rollouts_Enabled_runs_the_executor_on_the_flags_own_store()
    {
        await SavePlanAsync(NewPlan());
        await StartAsync(Settings("solo"));

        await WalkThroughTheStagesAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(Writes(FlagKey), Is.EqualTo(4), "one flag write per stage");
            Assert.That(Requests(RolloutLease.Key), Is.GreaterThan(0), "outside fleet mode the store's lease key elects the executor");
            Assert.That((await ReadPlanAsync()).History.Skip(1).Select(entry => entry.Actor), Is.All.EqualTo("executor:solo"));
        });
    }

    [Test]
    public async Task The_dedicated_worker_runs_the_rollouts_with_its_own_connection()
    {
        await SavePlanAsync(NewPlan());
        var builder = RolloutWorker.CreateBuilder(
            ["--ConnectionStrings:AppConfig=" + Emulator.ConnectionString, "--Rollouts:InstanceId=worker", "--Rollouts:PollInterval=00:01:00"]);
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton<TimeProvider>(Time);
        var host = builder.Build();
        _hosts.Add(host);
        await host.StartAsync();

        await WalkThroughTheStagesAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(Writes(FlagKey), Is.EqualTo(4), "one flag write per stage");
            Assert.That((await ReadPlanAsync()).History.Skip(1).Select(entry => entry.Actor), Is.All.EqualTo("executor:worker"));
        });
    }

    [Test]
    public void Without_the_setting_no_executor_is_registered()
    {
        var host = Build(Settings("none", rollouts: false));
        var hosted = host.Services.GetServices<IHostedService>().ToList();
        Assert.Multiple(() =>
        {
            Assert.That(hosted, Is.Not.Empty, "the flags' own refresh service is there");
            Assert.That(hosted.Select(service => service.GetType().Assembly), Has.None.EqualTo(typeof(RolloutPlan).Assembly));
            Assert.That(host.Services.GetService<AppConfigurationClient>(), Is.Not.Null, "the store's client, for AddProgressiveRollouts() in code");
        });
    }

    [Test]
    public void Enabled_without_an_App_Configuration_store_is_an_error_naming_the_setting()
    {
        var settings = Settings("none");
        settings.Remove("ConnectionStrings:AppConfig");
        Assert.That(() => Build(settings), Throws.InvalidOperationException.With.Message.Contains("FeatureFlags:Rollouts:Enabled"));
    }

    [Test]
    public async Task In_fleet_mode_only_the_fleets_leader_executes_and_each_stage_is_written_once()
    {
        _redis = await RedisServer.StartAsync();
        await SavePlanAsync(NewPlan());
        var hosts = new List<IHost>();
        foreach (var instance in new[] { "a", "b" })
        {
            var settings = Settings(instance);
            settings["ConnectionStrings:FlagFleet"] = _redis.ConnectionString;
            hosts.Add(await StartAsync(settings));
        }

        var fleets = hosts.Select(host => host.Services.GetRequiredService<ISnapshotFleet>()).ToList();
        await WaitForAsync(() => Task.FromResult(fleets.Count(fleet => fleet.Status.Role == FleetRole.Leader) == 1), "one instance leads the fleet");
        var leader = fleets.FindIndex(fleet => fleet.Status.Role == FleetRole.Leader) == 0 ? "a" : "b";

        await WalkThroughTheStagesAsync();
        Assert.Multiple(async () =>
        {
            Assert.That(Writes(FlagKey), Is.EqualTo(4), "one flag write per stage, by one instance");
            Assert.That(Requests(RolloutLease.Key), Is.Zero, "the fleet's lease, not the store's lease key");
            Assert.That((await ReadPlanAsync()).History.Skip(1).Select(entry => entry.Actor), Is.All.EqualTo("executor:" + leader));
        });
    }
}
