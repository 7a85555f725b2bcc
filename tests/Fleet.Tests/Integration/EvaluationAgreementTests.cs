using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;

namespace OpenFeatureAppConfig.Fleet.Tests.Integration;

/// <summary>
/// Three web app instances of one fleet (real hosts on loopback ports, one <c>redis-server</c>, the emulator as the
/// store): <c>[FeatureGate]</c>, <c>IFeatureManager</c> and the OpenFeature client give the same answer on every
/// instance, for a toggle and for the same user of a percentage rollout, and only the leader asks the store.
/// </summary>
public class EvaluationAgreementTests : RedisFleetTest
{
    public const string ToggleFlag = "Checkout";
    public const string RolloutFlag = "Rollout";
    private readonly List<FleetWebApp> _apps = [];
    private AppConfigurationEmulator _store = null!;

    [SetUp]
    public async Task StartStoreAsync()
    {
        _store = await AppConfigurationEmulator.StartAsync();
        await _store.SetFeatureFlagAsync(Flags.Boolean(ToggleFlag, false));
        await _store.SetFeatureFlagAsync(Flags.Targeted(RolloutFlag, 40, groups: ["insiders"]));
    }

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        _apps.Clear();
        await _store.DisposeAsync();
    }

    [Test]
    public async Task FeatureGate_IFeatureManager_and_the_OpenFeature_client_agree_on_every_instance_after_a_toggle_and_per_user()
    {
        var leader = await StartAsync("web-a");
        await Eventually.TrueAsync(() => leader.Fleet.Status.Role == FleetRole.Leader && leader.Fleet.Current is not null, "the first instance leads and published");
        var followers = new[] { await StartAsync("web-b"), await StartAsync("web-c") };
        Assert.That(followers.Select(f => f.Fleet.Status.Role), Is.All.EqualTo(FleetRole.Follower));

        Assert.That(await AnswersAsync(ToggleFlag, "someone"), Is.All.EqualTo("False|False|404"), "off everywhere before the toggle");
        await _store.SetFeatureFlagAsync(Flags.Boolean(ToggleFlag, true));
        await Eventually.TrueAsync(
            () => AnswersAsync(ToggleFlag, "someone").GetAwaiter().GetResult().All(a => a == "True|True|200"),
            "every instance, by every way of asking, sees the toggle");

        var enabled = 0;
        const int users = 60;
        for (var i = 0; i < users; i++)
        {
            var user = $"user-{i}@example.com";
            var answers = await AnswersAsync(RolloutFlag, user);
            Assert.That(answers, Is.All.EqualTo(answers[0]), $"{user}: {string.Join(", ", answers)}");
            Assert.That(answers[0], Is.EqualTo("True|True|200").Or.EqualTo("False|False|404"), user);
            enabled += answers[0].StartsWith("True", StringComparison.Ordinal) ? 1 : 0;
        }

        Assert.Multiple(() =>
        {
            Assert.That(enabled, Is.InRange(users * 15 / 100, users * 70 / 100), "a real split, the same on every instance");
            Assert.That(leader.RequestsIn(_store), Is.GreaterThan(0), "the leader polls the store");
            Assert.That(followers.Select(f => f.RequestsIn(_store)), Is.All.Zero, "the followers never asked the store");
        });
    }

    /// <summary>Per instance: "OpenFeature client|IFeatureManager|[FeatureGate] status" for <paramref name="user"/>.</summary>
    private async Task<string[]> AnswersAsync(string flag, string user) =>
        await Task.WhenAll(_apps.Select(async app =>
        {
            var (_, evaluated) = await app.GetAsync($"/evaluate/{flag}", user);
            var (gate, _) = await app.GetAsync($"/gated/{flag}", user);
            return $"{evaluated}|{gate}";
        }));

    private async Task<FleetWebApp> StartAsync(string name)
    {
        var app = await FleetWebApp.StartAsync(name, _store, Redis.ConnectionString, FleetName);
        _apps.Add(app);
        return app;
    }
}
