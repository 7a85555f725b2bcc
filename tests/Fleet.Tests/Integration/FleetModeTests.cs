using Microsoft.Extensions.Configuration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.Fleet.Tests.Integration;

/// <summary>
/// Fleet mode end to end: several in-process instances (each its own Redis connection, configuration source and
/// provider) against a real <c>redis-server</c> and the in-process App Configuration emulator.
/// </summary>
public class FleetModeTests : RedisFleetTest
{
    private const string Flag = "Checkout";
    private readonly List<FleetInstance> _instances = [];
    private AppConfigurationEmulator _store = null!;

    [SetUp]
    public async Task StartStoreAsync()
    {
        _store = await AppConfigurationEmulator.StartAsync();
        await _store.SetKeyValueAsync("App:Color", "blue");
        await SetFlagAsync(false);
    }

    [TearDown]
    public async Task StopStoreAsync()
    {
        foreach (var instance in _instances)
        {
            await instance.DisposeAsync();
        }

        _instances.Clear();
        await _store.DisposeAsync();
    }

    [Test]
    public async Task An_instance_that_starts_while_Redis_holds_a_snapshot_loads_it_and_sends_no_request_to_the_store()
    {
        await StartLeaderWithPublishedSnapshotAsync();
        _store.Requests.Clear();

        var late = await StartAsync("late");
        await late.RefreshAsync();
        await late.RefreshAsync();

        Assert.Multiple(() =>
        {
            Assert.That(late.FlagEnabled(Flag), Is.False);
            Assert.That(late.Root["App:Color"], Is.EqualTo("blue"));
            Assert.That(late.Member.Status.Role, Is.EqualTo(FleetRole.Follower));
            Assert.That(late.RequestsIn(_store), Is.Zero, "a follower never asks the store");
        });
    }

    [Test]
    public async Task A_toggle_read_by_the_leader_reaches_every_instance_and_only_the_leader_asks_the_store()
    {
        var leader = await StartLeaderWithPublishedSnapshotAsync();
        var followers = new[] { await StartAsync("b"), await StartAsync("c"), await StartAsync("d") };
        _store.Requests.Clear();

        await SetFlagAsync(true);
        await _store.SetKeyValueAsync("App:Color", "green");
        foreach (var instance in _instances)
        {
            await instance.RefreshAsync();
        }

        await Eventually.TrueAsync(() => _instances.All(i => i.FlagEnabled(Flag) == true && i.Root["App:Color"] == "green"), "every instance sees the toggle");
        Assert.Multiple(() =>
        {
            Assert.That(leader.RequestsIn(_store), Is.GreaterThan(0));
            Assert.That(followers.Sum(f => f.RequestsIn(_store)), Is.Zero);
        });
    }

    [Test]
    public async Task A_push_to_a_follower_is_relayed_to_the_leader_and_its_result_reaches_every_instance()
    {
        var leader = await StartLeaderWithPublishedSnapshotAsync();
        var follower = await StartAsync("b");
        await SetFlagAsync(true);

        // No clock moves: only the relayed push makes the leader's refresh due.
        follower.Refresher.ProcessPushNotification(new PushNotification { SyncToken = "abc=MDoxMjM=;sn=1" });
        await Eventually.TrueAsync(
            () =>
            {
                leader.Refresher.TryRefreshAsync().GetAwaiter().GetResult();
                return follower.FlagEnabled(Flag) == true && leader.FlagEnabled(Flag) == true;
            },
            "the pushed change reached both instances");
        Assert.That(follower.RequestsIn(_store), Is.Zero);
    }

    [Test]
    public async Task A_push_naming_its_key_is_relayed_with_it_and_the_leader_reads_only_the_page_that_can_hold_it()
    {
        // Three pages of flags: a push without its key would cost the leader one request per page.
        await AddFillerFlagsAsync();
        var leader = await StartLeaderWithPublishedSnapshotAsync();
        var follower = await StartAsync("b");
        await SetFlagAsync(true);
        // Counted for both: on a loaded machine the lease can move, and then the other one reads for the push.
        var before = _instances.Sum(i => i.RequestsIn(_store));

        follower.Refresher.ProcessPushNotification(new PushNotification { SyncToken = "abc=MDoxMjM=;sn=1", Key = ".appconfig.featureflag/" + Flag });
        await Eventually.TrueAsync(
            () =>
            {
                foreach (var instance in _instances)
                {
                    instance.Refresher.TryRefreshAsync().GetAwaiter().GetResult();
                }

                return follower.FlagEnabled(Flag) == true && leader.FlagEnabled(Flag) == true;
            },
            "the pushed change reached both instances");
        Assert.That(_instances.Sum(i => i.RequestsIn(_store)) - before, Is.EqualTo(1), "one page read for the push");
    }

    [Test]
    public async Task After_Redis_stops_a_followers_first_own_read_asks_for_every_page_conditionally_as_the_leader_paged_it()
    {
        // Three pages of flags: without the leader's layout the follower's first own read would load them all.
        var follower = await StartFollowerWithTheLeadersPageLayoutAsync();

        await Redis.KillAsync();
        await Eventually.TrueAsync(() => follower.Member.Status.Role == FleetRole.Standalone, "the follower sees Redis gone");
        await SetFlagAsync(true);
        _store.Requests.Clear();
        await follower.RefreshAsync();
        await follower.RefreshAsync();

        var asked = _store.Requests.Snapshot().Where(r => r.RequestHeaders.TryGetValue("User-Agent", out var agent) && agent.StartsWith("b ", StringComparison.Ordinal)).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(follower.FlagEnabled(Flag), Is.True, "the change made while Redis was down");
            Assert.That(asked, Is.Not.Empty);
            Assert.That(asked.Where(r => !r.RequestHeaders.ContainsKey("If-None-Match")), Is.Empty, "every page asked for conditionally");
            Assert.That(asked.Count(r => r.StatusCode == 200), Is.EqualTo(1), "only the changed page read: " + string.Join(", ", asked));
            Assert.That(Contents(follower.Root), Is.EqualTo(Contents(ReadStoreWhole())), "what a full read of the store gives");
        });
    }

    [Test]
    public async Task A_page_layout_older_than_the_snapshot_still_gives_the_stores_flags_after_Redis_stops()
    {
        var follower = await StartFollowerWithTheLeadersPageLayoutAsync();

        // A flag added in the first page moves every later page by one; the follower keeps the layout it read.
        await _store.SetFeatureFlagAsync("""{"id":"Filler000a","enabled":true}""");
        await Eventually.TrueAsync(
            () =>
            {
                // Whoever leads now: on a loaded machine the lease can move between the two instances.
                foreach (var instance in _instances.Where(i => i.Member.Status.Role == FleetRole.Leader))
                {
                    instance.RefreshAsync().GetAwaiter().GetResult();
                }

                return follower.FlagEnabled("Filler000a") == true;
            },
            "the follower took the new snapshot");
        await Redis.KillAsync();
        await Eventually.TrueAsync(() => follower.Member.Status.Role == FleetRole.Standalone, "the follower sees Redis gone");
        await _store.SetFeatureFlagAsync("""{"id":"Filler240","enabled":true}""");
        await follower.RefreshAsync();
        await follower.RefreshAsync();

        var fresh = ReadStoreWhole();
        Assert.That(Contents(follower.Root), Is.EqualTo(Contents(fresh)), "what a full read of the store gives");
    }

    [Test]
    public async Task When_Redis_stops_every_instance_keeps_its_data_and_polls_on_its_own_then_rejoins_when_it_returns()
    {
        await StartLeaderWithPublishedSnapshotAsync();
        var follower = await StartAsync("b");
        Assert.That(follower.RequestsIn(_store), Is.Zero);

        await Redis.KillAsync();
        await Eventually.TrueAsync(() => follower.Member.Status.Role == FleetRole.Standalone, "the follower sees Redis gone");
        Assert.Multiple(() =>
        {
            Assert.That(follower.FlagEnabled(Flag), Is.False, "the last snapshot stays in force");
            Assert.That(follower.Refresher.Status.Fleet?.IsConnected, Is.False);
        });

        await SetFlagAsync(true);
        await follower.RefreshAsync();
        await follower.RefreshAsync();
        Assert.Multiple(() =>
        {
            Assert.That(follower.FlagEnabled(Flag), Is.True, "polled the store itself within two intervals");
            Assert.That(follower.RequestsIn(_store), Is.GreaterThan(0));
        });

        await Redis.RestartAsync();
        await Eventually.TrueAsync(() => _instances.All(i => i.Member.Status.IsConnected), "both reconnect");
        await Eventually.TrueAsync(() => _instances.Count(i => i.Member.Status.Role == FleetRole.Leader) == 1, "a leader is elected again");
        var newLeader = _instances.Single(i => i.Member.Status.Role == FleetRole.Leader);
        var other = _instances.Single(i => i != newLeader);
        await newLeader.RefreshAsync();
        await Eventually.TrueAsync(() => other.Member.Current is not null, "the new leader publishes into the empty Redis");

        await SetFlagAsync(false);
        _store.Requests.Clear();
        await newLeader.RefreshAsync();
        await other.RefreshAsync();
        await Eventually.TrueAsync(() => other.FlagEnabled(Flag) == false, "the rejoined follower takes the leader's snapshot");
        Assert.That(other.RequestsIn(_store), Is.Zero, "rejoined: it no longer polls");
    }

    [Test]
    public async Task When_Redis_stops_an_instance_whose_first_own_request_is_never_answered_gives_it_up_and_polls_again()
    {
        await StartLeaderWithPublishedSnapshotAsync();
        await using var relay = LoopbackRelay.To(_store.Endpoint);
        var follower = await StartAsync("b", relay.Through(_store.ConnectionString, _store.Endpoint));
        await Redis.KillAsync();
        await Eventually.TrueAsync(() => follower.Member.Status.Role == FleetRole.Standalone, "the follower sees Redis gone");

        // Its first own request lands on a connection the overloaded store accepted but never serves (the benchmark's
        // listen-queue overflows): Azure.Core's default per-try timeout of 100 s would hold the refresh that long.
        relay.StallNextConnection();
        await SetFlagAsync(true);
        await follower.RefreshAsync();
        await follower.RefreshAsync().WaitAsync(TimeSpan.FromSeconds(60));

        Assert.That(follower.FlagEnabled(Flag), Is.True, "the stalled try was given up and the retry read the store");
    }

    [Test]
    public async Task When_the_leader_leaves_another_instance_takes_over_polling_and_the_fleet_keeps_following_the_store()
    {
        var leader = await StartLeaderWithPublishedSnapshotAsync();
        var b = await StartAsync("b");
        var c = await StartAsync("c");

        _instances.Remove(leader);
        await leader.DisposeAsync();
        await Eventually.TrueAsync(() => b.Member.Status.Role == FleetRole.Leader || c.Member.Status.Role == FleetRole.Leader, "another instance leads");

        await SetFlagAsync(true);
        await b.RefreshAsync();
        await c.RefreshAsync();
        await Eventually.TrueAsync(() => b.FlagEnabled(Flag) == true && c.FlagEnabled(Flag) == true, "the new leader's snapshot reaches both");
    }

    [Test]
    public async Task A_new_leader_refreshes_from_the_store_at_once_and_publishes_a_newer_state()
    {
        var leader = await StartLeaderWithPublishedSnapshotAsync();
        var b = await StartAsync("b");
        var c = await StartAsync("c");
        // As in a host: each follower's due refresh ran and only scheduled the next look one interval later.
        await b.RefreshAsync();
        await c.RefreshAsync();
        await SetFlagAsync(true);
        _store.Requests.Clear();

        // Their refresh loops run as a host's do, but their clocks never move again: only becoming leader can make a refresh due.
        using var stop = new CancellationTokenSource();
        var loops = new[] { b.RunRefreshLoopAsync(stop.Token), c.RunRefreshLoopAsync(stop.Token) };
        try
        {
            _instances.Remove(leader);
            await leader.DisposeAsync();

            await Eventually.TrueAsync(() => b.FlagEnabled(Flag) == true && c.FlagEnabled(Flag) == true, "the new leader read the store and published at once");
            var newLeader = b.Member.Status.Role == FleetRole.Leader ? b : c;
            var follower = newLeader == b ? c : b;
            Assert.Multiple(() =>
            {
                Assert.That(newLeader.Member.Status.Role, Is.EqualTo(FleetRole.Leader));
                Assert.That(newLeader.RequestsIn(_store), Is.GreaterThan(0));
                Assert.That(follower.RequestsIn(_store), Is.Zero);
            });
        }
        finally
        {
            await stop.CancelAsync();
            await Task.WhenAll(loops);
        }
    }

    [Test]
    public async Task The_source_status_reports_the_fleet_role_and_snapshot_version()
    {
        var leader = await StartLeaderWithPublishedSnapshotAsync();
        var follower = await StartAsync("b");

        var leaderFleet = leader.Refresher.Status.Fleet;
        var followerFleet = follower.Refresher.Status.Fleet;
        Assert.Multiple(() =>
        {
            Assert.That(leaderFleet?.Role, Is.EqualTo(FleetRole.Leader));
            Assert.That(followerFleet?.Role, Is.EqualTo(FleetRole.Follower));
            Assert.That(followerFleet?.SnapshotVersion, Is.GreaterThan(0).And.EqualTo(leaderFleet?.SnapshotVersion));
            Assert.That(follower.Refresher.Status.State, Is.EqualTo(AppConfigurationSourceState.Loaded));
        });
    }

    private Task SetFlagAsync(bool enabled) =>
        _store.SetFeatureFlagAsync($$"""{"id":"{{Flag}}","enabled":{{(enabled ? "true" : "false")}}}""");

    private async Task<FleetInstance> StartAsync(string name, string? storeConnectionString = null)
    {
        var instance = await FleetInstance.StartAsync(name, _store, Options(name), storeConnectionString);
        _instances.Add(instance);
        return instance;
    }

    /// <summary>The first instance: loads from the store, wins the lease, and publishes at its next refresh.</summary>
    /// <summary>The flags (id, enabled) and the key-value of the store, as a configuration serves them.</summary>
    private static List<(string?, string?)> Contents(IConfiguration root) =>
        [.. root.GetSection("feature_management:feature_flags").GetChildren().Select(f => (f["id"], f["enabled"])).OrderBy(f => f.Item1, StringComparer.Ordinal).Append(("App:Color", root["App:Color"]))];

    private IConfigurationRoot ReadStoreWhole() =>
        new ConfigurationBuilder().AddAzureAppConfiguration(o => o.Connect(_store.ConnectionString).UseFeatureFlags()).Build();

    /// <summary>250 more flags, so that the store lists three pages.</summary>
    private async Task AddFillerFlagsAsync()
    {
        for (var i = 0; i < 250; i++)
        {
            await _store.SetFeatureFlagAsync($$"""{"id":"Filler{{i:D3}}","enabled":false}""");
        }
    }

    /// <summary>A store of three pages, a leader that published it with its page layout, and a follower that read both.</summary>
    private async Task<FleetInstance> StartFollowerWithTheLeadersPageLayoutAsync()
    {
        await AddFillerFlagsAsync();
        await StartLeaderWithPublishedSnapshotAsync();
        var redis = await ConnectAsync();
        await Eventually.TrueAsync(() => redis.KeyExists(Keys.PageLayout), "the leader shared its page layout");
        var follower = await StartAsync("b");
        await Eventually.TrueAsync(() => follower.Member.PageLayout is not null, "the follower read it");
        return follower;
    }

    private async Task<FleetInstance> StartLeaderWithPublishedSnapshotAsync()
    {
        var leader = await StartAsync("a");
        await Eventually.TrueAsync(() => leader.Member.Status.Role == FleetRole.Leader, "the first instance leads");
        await leader.RefreshAsync();
        await Eventually.TrueAsync(() => leader.Member.Current is not null, "Redis holds the leader's snapshot");
        return leader;
    }
}
