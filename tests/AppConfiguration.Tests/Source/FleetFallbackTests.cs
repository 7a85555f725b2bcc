using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Source;

/// <summary>Instances that lose the fleet do not all make their first own store read at the same moment.</summary>
public class FleetFallbackTests
{
    private static readonly TimeSpan Interval = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan Step = TimeSpan.FromMilliseconds(10);
    private const int Instances = 12;
    private AppConfigurationEmulator _emulator = null!;

    [SetUp]
    public async Task StartAsync()
    {
        _emulator = await TestStore.StartAsync();
        await _emulator.SetKeyValueAsync("App:Key", "from the store");
    }

    [TearDown]
    public async Task StopAsync() => await _emulator.DisposeAsync();

    [Test]
    public void Instances_that_start_from_the_fleet_and_lose_it_spread_their_first_store_read_within_two_intervals()
    {
        var fleet = new FixedFleet(FleetRole.Standalone);
        var (clock, instances) = StartFromFleet(fleet);
        Assert.That(instances.Select(i => i.Root["App:Key"]), Is.All.EqualTo("from the fleet"), "cold start from the fleet, no store read");

        var firstReads = FirstStoreReads(clock, instances, Interval * 2);

        TestContext.Out.WriteLine("first store reads after " + string.Join(", ", firstReads.Select(t => $"{t?.TotalMilliseconds} ms")));
        Assert.Multiple(() =>
        {
            Assert.That(firstReads, Is.All.Not.Null, "every instance polls the store within two intervals");
            Assert.That(firstReads.Select(t => t ?? TimeSpan.MaxValue), Is.All.LessThanOrEqualTo(Interval / 2), "spread over half an interval");
            Assert.That(firstReads.Count(t => t == TimeSpan.Zero), Is.LessThan(Instances), "not every instance at once");
            Assert.That(firstReads.Distinct().Count(), Is.GreaterThan(1), "spread over time");
        });
    }

    [Test]
    public void Followers_that_lose_the_fleet_poll_on_their_own_within_two_intervals()
    {
        var fleet = new FixedFleet(FleetRole.Follower);
        var (clock, instances) = StartFromFleet(fleet);
        // Each follower looks once (and sends nothing), then Redis goes away.
        Assert.That(FirstStoreReads(clock, instances, Step), Is.All.Null, "a follower sends nothing to the store");
        fleet.Role = FleetRole.Standalone;

        var firstReads = FirstStoreReads(clock, instances, Interval * 2);

        TestContext.Out.WriteLine("first store reads after " + string.Join(", ", firstReads.Select(t => $"{t?.TotalMilliseconds} ms")));
        Assert.Multiple(() =>
        {
            Assert.That(firstReads, Is.All.Not.Null, "every instance polls the store within two intervals");
            Assert.That(firstReads.Distinct().Count(), Is.GreaterThan(1), "spread over time");
            Assert.That(instances.Select(i => i.Root["App:Key"]), Is.All.EqualTo("from the store"));
        });
    }

    private (FakeTimeProvider Clock, List<SourceHarness> Instances) StartFromFleet(FixedFleet fleet)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var instances = Enumerable.Range(0, Instances)
            .Select(_ => SourceHarness.Build(_emulator.ConnectionString, o => o
                .ConfigureRefresh(r => r.RegisterAll().SetRefreshInterval(Interval))
                .UseFeatureFlags(ff => ff.SetRefreshInterval(Interval))
                .JoinFleet(fleet), clock))
            .ToList();
        return (clock, instances);
    }

    /// <summary>
    /// Runs every instance's refresh at each step (as its hosting loop would when due) for <paramref name="duration"/>,
    /// and returns when each first sent a request to the store, counted from the start (null: not within it).
    /// </summary>
    private List<TimeSpan?> FirstStoreReads(FakeTimeProvider clock, List<SourceHarness> instances, TimeSpan duration)
    {
        var firstReads = new List<TimeSpan?>(instances.Select(_ => (TimeSpan?)null));
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Step)
        {
            for (var i = 0; i < instances.Count; i++)
            {
                var before = _emulator.Requests.Snapshot().Count;
                Assert.That(instances[i].Refresher.TryRefreshAsync().Result, Is.True);
                if (firstReads[i] is null && _emulator.Requests.Snapshot().Count > before)
                {
                    firstReads[i] = elapsed;
                }
            }

            clock.Advance(Step);
        }

        return firstReads;
    }

    /// <summary>A fleet whose role the test sets; it holds one snapshot and never changes it.</summary>
    private sealed class FixedFleet(FleetRole role) : ISnapshotFleet
    {
        public FleetRole Role { get; set; } = role;

        public KeyValueSnapshot? Current { get; } = KeyValueSnapshot.Create(1, [new SnapshotKeyValue("App:Key", null, "from the fleet", null, "\"e1\"")]);

        public FleetStatus Status => new(Role, Role != FleetRole.Standalone, 1, null, null);

        public event EventHandler<KeyValueSnapshot>? SnapshotChanged { add { } remove { } }

        public event EventHandler? LeadershipAcquired { add { } remove { } }

        public event EventHandler<string>? PushRelayed { add { } remove { } }

        public Task<bool> PublishAsync(KeyValueSnapshot snapshot) => Task.FromResult(false);

        public Task RelayPushAsync(string syncToken) => Task.CompletedTask;
    }
}
