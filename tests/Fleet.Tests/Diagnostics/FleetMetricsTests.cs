using System.Diagnostics.Metrics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Time.Testing;

namespace OpenFeatureAppConfig.Fleet.Tests.Diagnostics;

/// <summary>The fleet's metrics (meter <c>OpenFeatureAppConfig.Fleet</c>), read with a <see cref="System.Diagnostics.Metrics.MeterListener"/>.</summary>
public sealed class FleetMetricsTests : StoreFleetTest
{
    private const string Role = "openfeature_appconfig.fleet.role";
    private const string RoleAttribute = "openfeature_appconfig.fleet.role";
    private readonly List<MeterRecorder> _recorders = [];

    [TearDown]
    public void DisposeRecorders()
    {
        foreach (var recorder in _recorders)
        {
            recorder.Dispose();
        }

        _recorders.Clear();
    }

    [Test]
    public async Task A_follower_reports_its_role_and_the_version_and_age_of_its_snapshot_and_the_leader_its_publications()
    {
        var leader = await JoinAsync("leader");
        await Eventually.TrueAsync(() => leader.Status.Role == FleetRole.Leader, "the first member leads");
        Assert.That(await leader.PublishAsync(Snapshots.Of(5, ("a", "1"))), Is.EqualTo(PublishOutcome.Published));
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options("follower");
        options.TimeProvider = clock;
        var follower = await JoinAsync(options);
        var leaderMetrics = Record(leader);
        var followerMetrics = Record(follower);

        clock.Advance(TimeSpan.FromSeconds(42));
        Assert.Multiple(() =>
        {
            Assert.That(followerMetrics.Value(Role, $"{RoleAttribute}=follower"), Is.EqualTo(1));
            Assert.That(followerMetrics.Value(Role, $"{RoleAttribute}=leader"), Is.EqualTo(0));
            Assert.That(followerMetrics.Value(Role, $"{RoleAttribute}=standalone"), Is.EqualTo(0));
            Assert.That(followerMetrics.Value("openfeature_appconfig.fleet.redis.connected"), Is.EqualTo(1));
            Assert.That(followerMetrics.Value("openfeature_appconfig.fleet.snapshot.version"), Is.EqualTo(5));
            Assert.That(followerMetrics.Value("openfeature_appconfig.fleet.snapshot.age"), Is.EqualTo(42));
            Assert.That(followerMetrics.Unit("openfeature_appconfig.fleet.snapshot.age"), Is.EqualTo("s"));
            Assert.That(followerMetrics.Value("openfeature_appconfig.fleet.snapshot.loads"), Is.EqualTo(1), "the cold start");
            Assert.That(followerMetrics.Value("openfeature_appconfig.fleet.fallbacks"), Is.EqualTo(0));
            Assert.That(followerMetrics.Value("openfeature_appconfig.fleet.role", $"openfeature_appconfig.fleet.name={FleetName}"), Is.Not.Null);
            Assert.That(leaderMetrics.Value(Role, $"{RoleAttribute}=leader"), Is.EqualTo(1));
            Assert.That(
                leaderMetrics.Value("openfeature_appconfig.fleet.publications", "openfeature_appconfig.fleet.publication.outcome=published"),
                Is.EqualTo(1));
        });

        Assert.That(await leader.PublishAsync(Snapshots.Of(6, ("a", "2"))), Is.EqualTo(PublishOutcome.Published));
        await Eventually.TrueAsync(() => followerMetrics.Value("openfeature_appconfig.fleet.snapshot.version") == 6, "the follower reports v6");
        Assert.Multiple(() =>
        {
            Assert.That(followerMetrics.Value("openfeature_appconfig.fleet.snapshot.age"), Is.EqualTo(0), "just taken");
            Assert.That(followerMetrics.Value("openfeature_appconfig.fleet.snapshot.deltas"), Is.EqualTo(1));
            Assert.That(
                leaderMetrics.Value("openfeature_appconfig.fleet.publications", "openfeature_appconfig.fleet.publication.outcome=published"),
                Is.EqualTo(2));
        });
    }

    [Test]
    public async Task After_a_failover_the_new_leader_reports_leader_and_after_Redis_dies_standalone_and_one_fallback()
    {
        var first = await JoinAsync("first");
        await Eventually.TrueAsync(() => first.Status.Role == FleetRole.Leader, "the first member leads");
        var second = await JoinAsync("second");
        var metrics = Record(second);
        Assert.That(metrics.Value(Role, $"{RoleAttribute}=follower"), Is.EqualTo(1));

        await first.DisposeAsync();
        await Eventually.TrueAsync(() => metrics.Value(Role, $"{RoleAttribute}=leader") == 1, "the second member reports that it leads");
        Assert.That(metrics.Value(Role, $"{RoleAttribute}=follower"), Is.EqualTo(0));

        await Redis.KillAsync();
        await Eventually.TrueAsync(() => metrics.Value(Role, $"{RoleAttribute}=standalone") == 1, "the member reports standalone");
        await Eventually.TrueAsync(() => metrics.Value("openfeature_appconfig.fleet.fallbacks") == 1, "one fallback counted");
        Assert.Multiple(() =>
        {
            Assert.That(metrics.Value(Role, $"{RoleAttribute}=leader"), Is.EqualTo(0));
            Assert.That(metrics.Value("openfeature_appconfig.fleet.redis.connected"), Is.EqualTo(0));
        });
    }

    [Test]
    public async Task A_host_in_fleet_mode_reports_the_fleet_metrics_on_its_own_meter_factory()
    {
        var builder = FleetHostBuilder();
        builder.AddFeatureFlags();
        var host = builder.Build();
        try
        {
            var metrics = new MeterRecorder(host.Services.GetRequiredService<IMeterFactory>());
            _recorders.Add(metrics);
            await host.StartAsync();

            await Eventually.TrueAsync(() => metrics.Value(Role, $"{RoleAttribute}=leader") == 1, "the only instance reports that it leads");
            await Eventually.TrueAsync(() => metrics.Value("openfeature_appconfig.fleet.snapshot.version") > 0, "it reports the version it published");
            Assert.That(
                metrics.Value("openfeature_appconfig.fleet.publications", "openfeature_appconfig.fleet.publication.outcome=published"),
                Is.GreaterThanOrEqualTo(1));
            await host.StopAsync();
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }

    private MeterRecorder Record(FleetMember member)
    {
        var recorder = new MeterRecorder();
        _recorders.Add(recorder);
        member.EnableMetrics(recorder.Factory);
        return recorder;
    }
}
