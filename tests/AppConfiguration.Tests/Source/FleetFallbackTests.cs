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

    [Test]
    public void Followers_send_their_first_own_request_within_half_an_interval_of_losing_the_fleet()
    {
        var fleet = new FixedFleet(FleetRole.Follower);
        var (clock, instances) = StartFromFleet(fleet);
        Assert.That(FirstStoreReads(clock, instances, Step), Is.All.Null, "a follower sends nothing to the store");
        // Redis goes away between two of the followers' looks at their role.
        clock.Advance(Interval / 5);
        fleet.Role = FleetRole.Standalone;

        var firstReads = FirstStoreReads(clock, instances, Interval * 2);

        TestContext.Out.WriteLine("first store reads after " + string.Join(", ", firstReads.Select(t => $"{t?.TotalMilliseconds} ms")));
        Assert.Multiple(() =>
        {
            Assert.That(firstReads.Select(t => t ?? TimeSpan.MaxValue), Is.All.LessThanOrEqualTo(Interval / 2), "spread over half an interval from the loss");
            Assert.That(firstReads.Distinct().Count(), Is.GreaterThan(1), "spread over time");
        });
    }

    [Test]
    public void Followers_count_the_spread_of_their_first_own_request_from_the_moment_the_fleet_was_lost()
    {
        var fleet = new FixedFleet(FleetRole.Follower);
        var (clock, instances) = StartFromFleet(fleet);
        Assert.That(FirstStoreReads(clock, instances, Step), Is.All.Null, "a follower sends nothing to the store");
        // Noticed a while after it began (a silent partition: a lease round without an answer).
        fleet.UnreachableSince = clock.GetUtcNow();
        clock.Advance(Interval * 2 / 5);
        fleet.Role = FleetRole.Standalone;

        var firstReads = FirstStoreReads(clock, instances, Interval * 2);

        TestContext.Out.WriteLine("first store reads after " + string.Join(", ", firstReads.Select(t => $"{t?.TotalMilliseconds} ms")));
        Assert.That(firstReads.Select(t => t ?? TimeSpan.MaxValue), Is.All.LessThanOrEqualTo(Interval / 2 - Interval * 2 / 5), "within half an interval of the loss");
    }

    [Test]
    public void An_idle_follower_does_not_look_at_its_role_every_interval()
    {
        var fleet = new FixedFleet(FleetRole.Follower);
        var (clock, instances) = StartFromFleet(fleet, instances: 1);
        const int Intervals = 100;
        var step = Interval / 10;

        Assert.That(FirstStoreReads(clock, instances, Interval * Intervals, step), Is.All.Null, "a follower sends nothing to the store");

        TestContext.Out.WriteLine($"{fleet.StatusReads} looks at the role in {Intervals} intervals");
        Assert.Multiple(() =>
        {
            Assert.That(fleet.StatusReads, Is.LessThanOrEqualTo(Intervals / 5), "it sleeps until the fleet says its role changed");
            Assert.That(fleet.StatusReads, Is.GreaterThan(0), "with a safety look now and then, in case that is missed");
        });
    }

    [Test]
    public void A_follower_that_misses_the_loss_of_the_fleet_still_polls_on_its_own_after_its_next_look()
    {
        var fleet = new FixedFleet(FleetRole.Follower);
        var (clock, instances) = StartFromFleet(fleet);
        Assert.That(FirstStoreReads(clock, instances, Step), Is.All.Null, "a follower sends nothing to the store");
        fleet.RaisesRoleChanged = false;
        fleet.Role = FleetRole.Standalone;

        // A look every 10 intervals (plus up to 10 %), then the first own read spread over half an interval.
        var firstReads = FirstStoreReads(clock, instances, Interval * 12, Interval / 10);

        TestContext.Out.WriteLine("first store reads after " + string.Join(", ", firstReads.Select(t => $"{t?.TotalMilliseconds} ms")));
        Assert.That(firstReads, Is.All.Not.Null, "every instance polls the store after its safety look");
    }

    [Test]
    public void A_leader_that_becomes_a_follower_with_a_push_pending_sleeps_like_any_follower()
    {
        var fleet = new FixedFleet(FleetRole.Leader);
        var (clock, instances) = StartFromFleet(fleet, instances: 1);
        Assert.That(FirstStoreReads(clock, instances, Interval), Is.All.Not.Null, "the leader reads the store");
        // A push reaches it just before it loses the lease; the new leader refreshes for the fleet.
        instances[0].Refresher.ProcessPushNotification(new PushNotification { SyncToken = "fleet=MDox;sn=1" });
        fleet.Role = FleetRole.Follower;
        var readsBefore = fleet.StatusReads;
        const int Intervals = 10;

        Assert.That(FirstStoreReads(clock, instances, Interval * Intervals, Interval / 10), Is.All.Null, "a follower sends nothing to the store");

        Assert.That(fleet.StatusReads - readsBefore, Is.LessThanOrEqualTo(Intervals / 5), "it does not look at its role at every refresh the push makes due");
    }

    private (FakeTimeProvider Clock, List<SourceHarness> Instances) StartFromFleet(FixedFleet fleet, int instances = Instances)
    {
        var clock = fleet.Clock;
        var harnesses = Enumerable.Range(0, instances)
            .Select(_ => SourceHarness.Build(_emulator.ConnectionString, o => o
                .ConfigureRefresh(r => r.RegisterAll().SetRefreshInterval(Interval))
                .UseFeatureFlags(ff => ff.SetRefreshInterval(Interval))
                .JoinFleet(fleet), clock))
            .ToList();
        return (clock, harnesses);
    }

    /// <summary>
    /// Runs every instance's refresh at each step (as its hosting loop would when due) for <paramref name="duration"/>,
    /// and returns when each first sent a request to the store, counted from the start (null: not within it).
    /// </summary>
    private List<TimeSpan?> FirstStoreReads(FakeTimeProvider clock, List<SourceHarness> instances, TimeSpan duration, TimeSpan? step = null)
    {
        var firstReads = new List<TimeSpan?>(instances.Select(_ => (TimeSpan?)null));
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += step ?? Step)
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

            clock.Advance(step ?? Step);
        }

        return firstReads;
    }

    /// <summary>
    /// A fleet whose role the test sets (raising <see cref="RoleChanged"/> like the Redis fleet unless told not to, and noting when it
    /// became unreachable unless the test did); it holds one snapshot and never changes it, and counts the looks at
    /// its status.
    /// </summary>
    private sealed class FixedFleet(FleetRole role) : ISnapshotFleet
    {
        private int _statusReads;

        public FakeTimeProvider Clock { get; } = new(DateTimeOffset.UtcNow);

        public FleetRole Role
        {
            get;
            set
            {
                field = value;
                UnreachableSince = value == FleetRole.Standalone ? UnreachableSince ?? Clock.GetUtcNow() : null;
                if (RaisesRoleChanged)
                {
                    RoleChanged?.Invoke(this, EventArgs.Empty);
                }
            }
        } = role;

        public DateTimeOffset? UnreachableSince { get; set; }

        /// <summary>False to lose an event, as a fleet might.</summary>
        public bool RaisesRoleChanged { get; set; } = true;

        public int StatusReads => Volatile.Read(ref _statusReads);

        public KeyValueSnapshot? Current { get; } = KeyValueSnapshot.Create(1, [new SnapshotKeyValue("App:Key", null, "from the fleet", null, "\"e1\"")]);

        public FleetStatus Status
        {
            get
            {
                Interlocked.Increment(ref _statusReads);
                return new(Role, Role != FleetRole.Standalone, 1, null, null) { UnreachableSince = UnreachableSince };
            }
        }

        public event EventHandler<KeyValueSnapshot>? SnapshotChanged { add { } remove { } }

        public event EventHandler? RoleChanged;

        public event EventHandler? LeadershipAcquired { add { } remove { } }

        public event EventHandler<PushNotification>? PushRelayed { add { } remove { } }

        public Task<bool> PublishAsync(KeyValueSnapshot snapshot) => Task.FromResult(false);

        public Task RelayPushAsync(PushNotification notification) => Task.CompletedTask;
    }
}
