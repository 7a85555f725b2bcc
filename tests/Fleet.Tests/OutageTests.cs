namespace OpenFeatureAppConfig.Fleet.Tests;

public sealed class OutageTests : RedisFleetTest
{
    [Test]
    public async Task MembersKeepTheirSnapshotWhileRedisIsDownAndRejoinWhenItIsBack()
    {
        var members = new[] { await JoinAsync("a"), await JoinAsync("b") };
        await Eventually.TrueAsync(() => members.Any(m => m.Status.Role == FleetRole.Leader), "one member leads");
        var v1 = Snapshots.Of(1, ("flag", "v1"));
        Assert.That(await members.Single(m => m.Status.Role == FleetRole.Leader).PublishAsync(v1), Is.EqualTo(PublishOutcome.Published));
        await Eventually.TrueAsync(() => members.All(m => m.Snapshots.Current?.Version == 1), "every member has v1");

        await Redis.KillAsync();
        await Eventually.TrueAsync(() => members.All(m => m.Status is { IsConnected: false, Role: FleetRole.Standalone, UnreachableSince: not null }), "every member is standalone");
        Assert.That(members.Select(m => m.Snapshots.Current?.Version), Is.All.EqualTo(1), "the last good snapshot stays");

        await Redis.RestartAsync();
        await Eventually.TrueAsync(() => members.All(m => m.Status.IsConnected), "every member reconnects");
        await Eventually.TrueAsync(() => members.Count(m => m.Status.Role == FleetRole.Leader) == 1, "a leader is elected again");
        var v2 = Snapshots.Of(2, ("flag", "v2"));
        Assert.That(await members.Single(m => m.Status.Role == FleetRole.Leader).PublishAsync(v2), Is.EqualTo(PublishOutcome.Published));

        await Eventually.TrueAsync(() => members.All(m => m.Snapshots.Current?.Version == 2), "every member has v2");
        Assert.That(members.Select(m => Snapshots.Values(m.Snapshots.Current)["flag"]), Is.All.EqualTo("v2"));
        // Eventually: on a loaded machine a renewal of the tests' 1 s lease may come late and the leader pause.
        await Eventually.TrueAsync(() => members.Count(m => m.Status.Role == FleetRole.Follower) == 1, "one leads, the other follows again");
        Assert.That(members.Select(m => m.Status.UnreachableSince), Is.All.Null, "rejoined");
        Assert.That(members.Select(m => m.Fallbacks), Is.All.EqualTo(1));
    }

    [Test]
    public async Task MembersRaiseRoleChangedWhenTheyLoseRedisAndWhenTheyRejoin()
    {
        var members = new[] { await JoinAsync("a"), await JoinAsync("b") };
        var reported = members.ToDictionary(m => m, m =>
        {
            var roles = new System.Collections.Concurrent.ConcurrentQueue<FleetRole>();
            m.RoleChanged += (_, _) => roles.Enqueue(m.Status.Role);
            return roles;
        });
        await Eventually.TrueAsync(() => members.Count(m => m.Status.Role == FleetRole.Leader) == 1, "one member leads");

        await Redis.KillAsync();
        await Eventually.TrueAsync(() => members.All(m => m.Status.Role == FleetRole.Standalone), "every member is standalone");
        await Eventually.TrueAsync(() => members.All(m => reported[m].ToArray() is [.., FleetRole.Standalone]), "each said so when it happened");

        await Redis.RestartAsync();
        await Eventually.TrueAsync(() => members.All(m => m.Status.Role != FleetRole.Standalone), "every member rejoins");
        await Eventually.TrueAsync(
            () => members.All(m => reported[m].ToArray() is [.., var last] && last == m.Status.Role && last != FleetRole.Standalone),
            "each said so when it rejoined");
    }

    [Test]
    public async Task MemberSilentlyCutOffFromRedisFallsBackWhenALeaseAttemptIsNotAnsweredAndRejoinsWhenTheNetworkHeals()
    {
        var leader = await JoinAsync("leader");
        await Eventually.TrueAsync(() => leader.Status.Role == FleetRole.Leader, "the first member leads");
        var redis = new Uri($"tcp://127.0.0.1:{Redis.Port}");
        await using var relay = LoopbackRelay.To(redis);
        var (member, clock, options) = await JoinOnFakeClockAsync("cut-off", relay.Through(Redis.ConnectionString, redis));
        Assert.That(member.Status.Role, Is.EqualTo(FleetRole.Follower));

        // No reset, no close: the socket looks fine to StackExchange.Redis, which gives a connection up only after
        // four timeouts (8 s here) without a read. The member's next lease attempt times out after one (2 s).
        relay.Freeze();
        await Eventually.TrueAsync(
            () =>
            {
                clock.Advance(options.EffectiveRenewInterval);
                return member.Status.Role == FleetRole.Standalone;
            },
            "it falls back at the first unanswered attempt",
            TimeSpan.FromSeconds(6));
        Assert.Multiple(() =>
        {
            Assert.That(member.Status.IsConnected, Is.False);
            Assert.That(member.Status.UnreachableSince, Is.Not.Null.And.LessThanOrEqualTo(clock.GetUtcNow()), "the status says when it fell back");
            Assert.That(member.Fallbacks, Is.EqualTo(1));
        });

        relay.Thaw();
        await Eventually.TrueAsync(
            () =>
            {
                clock.Advance(options.EffectiveRenewInterval);
                return member.Status.Role == FleetRole.Follower;
            },
            "it follows again once Redis answers");
        Assert.That(leader.Status.Role, Is.EqualTo(FleetRole.Leader), "the leader kept its lease");
        Assert.That(member.Status.UnreachableSince, Is.Null);
    }

    [Test]
    public async Task FollowerTriesForTheLeaseAsSoonAsARestartedRedisAnswers()
    {
        var database = await ConnectAsync();
        await Lease(database, "holder", TimeSpan.FromSeconds(60)).TryAcquireAsync();
        var (member, _, _) = await JoinOnFakeClockAsync("follower");
        Assert.That(member.Status.Role, Is.EqualTo(FleetRole.Follower));

        // Back empty: the lease it saw (60 s on a clock that stands still here) is gone with the data.
        await Redis.RestartAsync();

        await Eventually.TrueAsync(() => member.Election.Grant is not null, "it takes the lease once Redis answers again");
    }

    [Test]
    public async Task MemberThatStartsWhileRedisIsDownJoinsWhenItComesUp()
    {
        await Redis.KillAsync();
        var member = await JoinAsync("early");
        Assert.That(member.Status.Role, Is.EqualTo(FleetRole.Standalone));

        await Redis.RestartAsync();
        await Eventually.TrueAsync(() => member.Status.Role == FleetRole.Leader, "it joins and leads");
        Assert.That(await member.PublishAsync(Snapshots.Of(1, ("a", "1"))), Is.EqualTo(PublishOutcome.Published));
        await Eventually.TrueAsync(() => member.Snapshots.Current?.Version == 1, "it follows its own publication");
    }

    [Test]
    public async Task WrongPasswordLeavesTheMemberStandalone()
    {
        var options = Options("intruder");
        options.ConnectionString = $"127.0.0.1:{Redis.Port},password=wrong,abortConnect=false,connectTimeout=1000";
        await using var member = await FleetMember.JoinAsync(options);

        await Task.Delay(TimeSpan.FromMilliseconds(500));
        Assert.That(member.Status.Role, Is.EqualTo(FleetRole.Standalone));
        Assert.That(member.Snapshots.Current, Is.Null);
    }
}
