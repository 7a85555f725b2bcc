using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Fleet.Tests;
using OpenFeatureAppConfig.Guardrails.Tests.Support;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>
/// The in-process guard decides alike with and without fleet mode: the same 600 checkouts served by one instance
/// alone, or split across three real hosts in fleet mode (<c>ConnectionStrings:FlagFleet</c> set, a real
/// <c>redis-server</c> of the test's own), of which only one asks the guard. Time is a fake clock shared by the
/// hosts, so every request falls in the stage's window and the hosts' periodic flush runs when the test says.
/// </summary>
[TestFixture]
[NonParallelizable]
public sealed class FleetInProcessGuardTests
{
    private static readonly DateTimeOffset StageWritten = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);
    private const int Checkouts = 600;

    private readonly List<GuardedTestApp> _apps = [];
    private RedisServer? _redis;
    private AppConfigurationEmulator? _store;
    private FakeTimeProvider _clock = null!;
    private Action<bool>? _duringCheckout;

    [SetUp]
    public void SetClock() => _clock = new FakeTimeProvider(StageWritten.AddSeconds(1));

    [TearDown]
    public async Task StopAsync()
    {
        foreach (var app in _apps)
        {
            await app.DisposeAsync();
        }

        _apps.Clear();
        if (_store is not null)
        {
            await _store.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }

    [TestCase(4, 0, 200, 20, true, TestName = "Failures and slowness in the treatment only trip it alike with and without fleet mode")]
    [TestCase(10, 10, 50, 50, false, TestName = "Equal failure rates and latencies trip it neither with nor without fleet mode")]
    public async Task Same_decision_with_and_without_fleet_mode(int treatmentFailureEvery, int controlFailureEvery, int treatmentMilliseconds, int controlMilliseconds, bool trips)
    {
        // Each checkout takes this long on the shared fake clock: the p95s come from the hosts' duration histograms.
        _duringCheckout = treated => _clock.Advance(TimeSpan.FromMilliseconds(treated ? treatmentMilliseconds : controlMilliseconds));
        var alone = await StartAsync(fleet: false);
        (alone.TreatmentFailureEvery, alone.ControlFailureEvery) = (treatmentFailureEvery, controlFailureEvery);
        await alone.SendCheckoutsAsync(firstUser: 0, count: Checkouts);
        var standalone = await CheckAsync(alone);

        _redis = await RedisServer.StartAsync();
        _store = await AppConfigurationEmulator.StartAsync();
        var fleet = new List<GuardedTestApp>();
        for (var i = 0; i < 3; i++)
        {
            var app = await StartAsync(fleet: true);
            (app.TreatmentFailureEvery, app.ControlFailureEvery) = (treatmentFailureEvery, controlFailureEvery);
            await app.SendCheckoutsAsync(firstUser: i * Checkouts / 3, count: Checkouts / 3);
            fleet.Add(app);
        }

        // The hosts share their counts every few seconds of their clock (the guard's own host flushes as it reads):
        // time goes on until the fleet's sums are complete.
        RolloutGuardResult? fleetWide = null;
        await Eventually.WaitForAsync(
            async () =>
            {
                _clock.Advance(TimeSpan.FromSeconds(5));
                fleetWide = await CheckAsync(fleet[0]);
                return fleetWide.Reason.Contains("(3 instances)", StringComparison.Ordinal) && Verdict(fleetWide) == Verdict(standalone);
            },
            "fleet-wide sums equal to one instance's",
            () => $"alone: {standalone.Reason}; fleet: {fleetWide?.Reason}");

        TestContext.Out.WriteLine("alone: " + standalone.Reason);
        TestContext.Out.WriteLine("fleet: " + fleetWide!.Reason);
        Assert.Multiple(() =>
        {
            Assert.That(standalone.Tripped, Is.EqualTo(trips), standalone.Reason);
            Assert.That(standalone.Reason, Does.StartWith("variant 'true' on this instance since the stage was written: "));
            Assert.That(fleetWide.Tripped, Is.EqualTo(trips), fleetWide.Reason);
            Assert.That(fleetWide.Reason, Does.StartWith("variant 'true' across the fleet (3 instances) since the stage was written: "));
            Assert.That(Verdict(fleetWide), Does.Contain("/300)").And.Contain("p95 latency"));
        });
    }

    [Test]
    public async Task With_Redis_down_it_judges_this_instances_counts_and_says_so()
    {
        _redis = await RedisServer.StartAsync();
        _store = await AppConfigurationEmulator.StartAsync();
        var app = await StartAsync(fleet: true);
        app.TreatmentFailureEvery = 4;
        await app.SendCheckoutsAsync(firstUser: 0, count: Checkouts);
        Assert.That((await CheckAsync(app)).Reason, Does.StartWith("variant 'true' across the fleet (1 instance) since the stage was written: treatment failure rate 25.00 % (75/300)"));

        await _redis.KillAsync();
        var result = await CheckAsync(app);

        Assert.That(result.Tripped, Is.True, result.Reason);
        Assert.That(result.Reason, Does.StartWith("variant 'true' on this instance only (the fleet's counts could not be read: "));
        Assert.That(result.Reason, Does.Contain("treatment failure rate 25.00 % (75/300) vs control 0.00 % (0/300)"));
    }

    private async Task<GuardedTestApp> StartAsync(bool fleet)
    {
        var app = await GuardedTestApp.StartAsync(
            services =>
            {
                services.AddInProcessRolloutGuard(criteria => (criteria.MinimumSamplePerArm, criteria.MaxLatencyP95Ratio) = (200, 1.5));
                services.AddSingleton<TimeProvider>(_clock);
            },
            builder =>
            {
                if (fleet)
                {
                    builder.Configuration["ConnectionStrings:AppConfig"] = _store!.ConnectionString;
                    builder.Configuration["ConnectionStrings:FlagFleet"] = _redis!.ConnectionString;
                    builder.AddFeatureFlags();
                }
            });
        app.DuringCheckout = _duringCheckout;
        _apps.Add(app);
        return app;
    }

    private async Task<RolloutGuardResult> CheckAsync(GuardedTestApp app) =>
        await app.Services.GetServices<IRolloutGuard>().Single().CheckAsync(GuardContexts.FirstStage(StageWritten, _clock.GetUtcNow()), CancellationToken.None);

    /// <summary>The decision rule's words and numbers, without where the counts came from.</summary>
    private static string Verdict(RolloutGuardResult result) => result.Reason[(result.Reason.IndexOf("written: ", StringComparison.Ordinal) + "written: ".Length)..];
}
