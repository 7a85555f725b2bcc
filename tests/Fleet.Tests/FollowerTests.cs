using System.Collections.Concurrent;

namespace OpenFeatureAppConfig.Fleet.Tests;

public sealed class FollowerTests : RedisFleetTest
{
    [Test]
    public async Task ColdStartTakesTheStoredSnapshotBeforeJoinReturns()
    {
        var database = await ConnectAsync();
        var grant = (await Lease(database, "leader").TryAcquireAsync()).Grant!;
        var published = Snapshots.Of(7, ("App:Color", "blue"), (".appconfig.featureflag/beta", "{\"id\":\"beta\",\"enabled\":true}"));
        await Publisher(database).PublishAsync(grant, null, published);

        var member = await JoinAsync("starting");

        Assert.That(member.Snapshots.Current?.Version, Is.EqualTo(7));
        Assert.That(member.Snapshots.Current!.KeyValues, Is.EqualTo(published.KeyValues));
        Assert.That(member.Status.SnapshotVersion, Is.EqualTo(7));
    }

    [Test]
    public async Task FollowerAppliesDeltasWhileTheVersionChainIsContinuous()
    {
        var database = await ConnectAsync();
        var grant = (await Lease(database, "leader").TryAcquireAsync()).Grant!;
        var follower = await JoinAsync("follower");
        var v1 = Snapshots.Of(1, ("a", "1"), ("b", "1"), ("c", "1"));
        var v2 = Snapshots.Of(2, ("a", "1"), ("b", "2"), ("d", "new"));
        var v3 = Snapshots.Of(3, ("a", "3"), ("b", "2"), ("d", "new"));

        await Publisher(database).PublishAsync(grant, null, v1);
        await Eventually.TrueAsync(() => follower.Snapshots.Current?.Version == 1, "the follower has v1");
        var fullLoads = follower.Follower.FullLoads;
        await Publisher(database).PublishAsync(grant, v1, v2);
        await Publisher(database).PublishAsync(grant, v2, v3);
        await Eventually.TrueAsync(() => follower.Snapshots.Current?.Version == 3, "the follower has v3");

        Assert.That(follower.Snapshots.Current!.KeyValues, Is.EqualTo(v3.KeyValues));
        Assert.That(follower.Follower.DeltasApplied, Is.EqualTo(2));
        Assert.That(follower.Follower.FullLoads, Is.EqualTo(fullLoads), "no full load while deltas follow on");
    }

    [Test]
    public async Task MissedAnnouncementIsRecoveredFromTheFullSnapshot()
    {
        var database = await ConnectAsync();
        var grant = (await Lease(database, "leader").TryAcquireAsync()).Grant!;
        var follower = await JoinAsync("follower");
        var v1 = Snapshots.Of(1, ("a", "1"), ("b", "1"));
        var v2 = Snapshots.Of(2, ("a", "2"), ("b", "1"));
        var v3 = Snapshots.Of(3, ("a", "2"), ("b", "3"));
        await Publisher(database).PublishAsync(grant, null, v1);
        await Eventually.TrueAsync(() => follower.Snapshots.Current?.Version == 1, "the follower has v1");
        var fullLoads = follower.Follower.FullLoads;

        // v2's announcement goes where the follower does not listen: it misses it.
        await Publisher(database, Keys with { Announcements = StackExchange.Redis.RedisChannel.Literal("nobody-listens") }).PublishAsync(grant, v1, v2);
        await Publisher(database).PublishAsync(grant, v2, v3);
        await Eventually.TrueAsync(() => follower.Snapshots.Current?.Version == 3, "the follower has v3");

        Assert.That(follower.Snapshots.Current!.KeyValues, Is.EqualTo(v3.KeyValues));
        Assert.That(follower.Follower.FullLoads, Is.EqualTo(fullLoads + 1), "the gap made it load the full snapshot");
        Assert.That(follower.Follower.DeltasApplied, Is.Zero);
    }

    [Test]
    public async Task FollowerNeverGoesBackToAnOlderVersion()
    {
        var database = await ConnectAsync();
        var grant = (await Lease(database, "leader").TryAcquireAsync()).Grant!;
        var follower = await JoinAsync("follower");
        var seen = new ConcurrentQueue<long>();
        follower.Snapshots.SnapshotChanged += (_, snapshot) => seen.Enqueue(snapshot.Version);
        await Publisher(database).PublishAsync(grant, null, Snapshots.Of(5, ("flag", "v5")));
        await Eventually.TrueAsync(() => follower.Snapshots.Current?.Version == 5, "the follower has v5");

        // Redis loses its data; a new leader publishes an older state of the store, then a newer one.
        await database.ExecuteAsync("FLUSHALL");
        var next = (await Lease(database, "next-leader").TryAcquireAsync()).Grant!;
        var older = Snapshots.Of(3, ("flag", "v3"));
        await Publisher(database).PublishAsync(next, null, older);
        await Publisher(database).PublishAsync(next, older, Snapshots.Of(6, ("flag", "v6")));
        await Eventually.TrueAsync(() => follower.Snapshots.Current?.Version == 6, "the follower has v6");

        Assert.That(seen, Is.EqualTo(new long[] { 5, 6 }));
        Assert.That(Snapshots.Values(follower.Snapshots.Current)["flag"], Is.EqualTo("v6"));
    }

    [Test]
    public async Task TamperedStoredSnapshotIsNotTaken()
    {
        var database = await ConnectAsync();
        var grant = (await Lease(database, "leader").TryAcquireAsync()).Grant!;
        await Publisher(database).PublishAsync(grant, null, Snapshots.Of(4, ("flag", "off")));
        var body = (string)(await database.HashGetAsync(Keys.Snapshot, "body"))!;
        await database.HashSetAsync(Keys.Snapshot, "body", body.Replace("\"off\"", "\"on\"", StringComparison.Ordinal));

        var member = await JoinAsync("starting");

        Assert.That(member.Snapshots.Current, Is.Null, "content that does not match its hash is refused");
    }

    [Test]
    public async Task HandlerThatThrowsDoesNotStopTheFollower()
    {
        var database = await ConnectAsync();
        var grant = (await Lease(database, "leader").TryAcquireAsync()).Grant!;
        var follower = await JoinAsync("follower");
        follower.Snapshots.SnapshotChanged += (_, _) => throw new InvalidOperationException("application bug");
        var v1 = Snapshots.Of(1, ("a", "1"));

        await Publisher(database).PublishAsync(grant, null, v1);
        await Publisher(database).PublishAsync(grant, v1, Snapshots.Of(2, ("a", "2")));

        await Eventually.TrueAsync(() => follower.Snapshots.Current?.Version == 2, "the follower still takes v2");
    }

    [Test]
    public async Task WhileTheFleetWritesAnotherSnapshotFormatTheInstancePollsTheStoreItselfThenFollowsAgain()
    {
        var database = await ConnectAsync();
        var grant = (await Lease(database, "leader").TryAcquireAsync()).Grant!;
        var follower = await JoinAsync("follower");
        var v1 = Snapshots.Of(1, ("a", "1"));
        await Publisher(database).PublishAsync(grant, null, v1);
        await Eventually.TrueAsync(() => follower.Snapshots.Current?.Version == 1, "the follower has v1");
        Assert.That(follower.Status.Role, Is.EqualTo(FleetRole.Follower));
        var roles = new ConcurrentQueue<FleetRole>();
        follower.RoleChanged += (_, _) => roles.Enqueue(follower.Status.Role);

        // A leader of a later version of the product publishes v2 in format 3 (its script stores the format too).
        await database.HashSetAsync(Keys.Snapshot, [new("v", 2), new("f", 3), new("body", "{\"f\":3,\"v\":2,\"h\":\"x\",\"kv\":[]}")]);
        await database.PublishAsync(Keys.Announcements, "{\"f\":3,\"b\":1,\"v\":2,\"h\":\"x\",\"full\":true}");
        await Eventually.TrueAsync(() => follower.Status.Role == FleetRole.Standalone, "it polls the store itself instead of serving v1 for ever");
        Assert.That(follower.Status.IsConnected, Is.True);
        Assert.That(follower.Snapshots.Current?.Version, Is.EqualTo(1), "nothing of format 3 was applied");

        // A leader of this version takes over: the same store version, written again in its format, is accepted once.
        var v2 = Snapshots.Of(2, ("a", "2"));
        Assert.That(await Publisher(database).PublishAsync(grant, v1, v2), Is.EqualTo(PublishOutcome.Published));
        Assert.That(await Publisher(database).PublishAsync(grant, v1, v2), Is.EqualTo(PublishOutcome.NotNewer));
        await Eventually.TrueAsync(() => follower.Status.Role == FleetRole.Follower && follower.Snapshots.Current?.Version == 2, "it follows the fleet again");
        Assert.That(follower.Snapshots.Current!.KeyValues, Is.EqualTo(v2.KeyValues));
        Assert.That(roles, Is.EqualTo(new[] { FleetRole.Standalone, FleetRole.Follower }), "each change is reported, so the store poller wakes at once");
    }
}
