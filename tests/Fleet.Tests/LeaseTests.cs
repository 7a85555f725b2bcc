using Microsoft.Extensions.Time.Testing;

namespace OpenFeatureAppConfig.Fleet.Tests;

public sealed class LeaseTests : RedisFleetTest
{
    [Test]
    public async Task OnlyOneOfManyContendersGetsTheLease()
    {
        var database = await ConnectAsync();
        var grants = await Task.WhenAll(Enumerable.Range(0, 8).Select(i => Lease(database, $"instance-{i}").TryAcquireAsync()));

        Assert.That(grants.Count(g => g.Grant is not null), Is.EqualTo(1));
    }

    [Test]
    public async Task EveryAcquisitionGetsAHigherFencingTokenAndOnlyTheHolderRenews()
    {
        var database = await ConnectAsync();
        var first = (await Lease(database, "a").TryAcquireAsync()).Grant!;
        Assert.That(await Lease(database, "a").TryReleaseAsync(first), Is.True);
        var second = (await Lease(database, "b").TryAcquireAsync()).Grant!;

        Assert.That(second.Token, Is.GreaterThan(first.Token));
        Assert.That(await Lease(database, "a").TryRenewAsync(first), Is.False, "the former holder cannot renew");
        Assert.That(await Lease(database, "a").TryReleaseAsync(first), Is.False, "the former holder cannot release");
        Assert.That(await Lease(database, "b").TryRenewAsync(second), Is.True);
    }

    [Test]
    public async Task RefusedAttemptTellsHowLongTheLeaseStillRuns()
    {
        var database = await ConnectAsync();
        await Lease(database, "holder", TimeSpan.FromSeconds(30)).TryAcquireAsync();

        var refused = await Lease(database, "other").TryAcquireAsync();

        Assert.That(refused.Grant, Is.Null);
        Assert.That(refused.HeldFor, Is.GreaterThan(TimeSpan.FromSeconds(25)).And.LessThanOrEqualTo(TimeSpan.FromSeconds(30)));
    }

    [Test]
    public async Task FollowerTriesAgainWhenTheLeaseItSawRunsOutNotEveryRenewInterval()
    {
        var database = await ConnectAsync();
        await Lease(database, "holder", TimeSpan.FromSeconds(60)).TryAcquireAsync();
        var (follower, clock, options) = await JoinOnFakeClockAsync("follower");
        var start = clock.GetUtcNow();

        // The lease vanishes unannounced: only an attempt would notice, and none is due before the 60 s it saw.
        await database.KeyDeleteAsync(Keys.Lease);
        for (var i = 0; i < 50; i++)
        {
            clock.Advance(options.EffectiveRenewInterval);
            await Task.Delay(TimeSpan.FromMilliseconds(10));
        }

        Assert.That(follower.Election.Rounds, Is.EqualTo(1), "no attempt while the lease it saw still runs");
        Assert.That(follower.Election.Grant, Is.Null);

        // Once the clock passes the lease it saw (plus the jitter), its next attempt takes it.
        await Eventually.TrueAsync(
            () =>
            {
                if (follower.Election.Grant is null)
                {
                    clock.Advance(TimeSpan.FromSeconds(1));
                }

                return follower.Election.Grant is not null;
            },
            "it takes the lease when it runs out");
        Assert.That(clock.GetUtcNow() - start, Is.GreaterThan(TimeSpan.FromSeconds(59)), "not before the lease it saw ran out");
    }

    [Test]
    public async Task FollowerTakesOverAtOnceWhenTheLeaderReleasesTheLease()
    {
        var leader = await JoinAsync("leader");
        await Eventually.TrueAsync(() => leader.Status.Role == FleetRole.Leader, "the first member leads");
        var (follower, _, _) = await JoinOnFakeClockAsync("follower");
        Assert.That(follower.Status.Role, Is.EqualTo(FleetRole.Follower));

        // An orderly shutdown: the follower's clock stands still, so only the release's announcement can wake it.
        await leader.DisposeAsync();

        await Eventually.TrueAsync(() => follower.Election.Grant is not null, "the follower takes over without waiting for the expiry");
    }

    [Test]
    public async Task ExactlyOneMemberLeadsAndTheOthersFollow()
    {
        var members = new[] { await JoinAsync("a"), await JoinAsync("b"), await JoinAsync("c") };

        await Eventually.TrueAsync(() => members.Any(m => m.Status.Role == FleetRole.Leader), "one member leads");
        // Several renewal rounds later, still exactly one.
        await Task.Delay(TimeSpan.FromMilliseconds(600));
        Assert.That(members.Count(m => m.Status.Role == FleetRole.Leader), Is.EqualTo(1));
        Assert.That(members.Count(m => m.Status.Role == FleetRole.Follower), Is.EqualTo(2));
    }

    [Test]
    public async Task DeadLeaderIsReplacedOnceItsLeaseExpires()
    {
        // A leader that took a one-second lease and died right after: it never renews nor releases.
        var database = await ConnectAsync();
        var dead = (await Lease(database, "dead", TimeSpan.FromSeconds(1)).TryAcquireAsync()).Grant!;
        var survivor = await JoinAsync("survivor");
        Assert.That(survivor.Status.Role, Is.EqualTo(FleetRole.Follower), "the lease is still held");

        await Eventually.TrueAsync(() => survivor.Status.Role == FleetRole.Leader, "the survivor takes over", TimeSpan.FromSeconds(10));
        Assert.That(survivor.Status.LeaseToken, Is.GreaterThan(dead.Token));
    }

    [Test]
    public async Task LeaderStepsDownWhenItsLeaseIsTakenOver()
    {
        var leader = await JoinAsync("leader");
        await Eventually.TrueAsync(() => leader.Status.Role == FleetRole.Leader, "the only member leads");
        var lost = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        leader.Election.Lost += _ => lost.TrySetResult();

        // Someone else ends up with the lease (as after an expiry the leader did not notice).
        var database = await ConnectAsync();
        await database.KeyDeleteAsync(Keys.Lease);
        var usurper = (await Lease(database, "usurper").TryAcquireAsync()).Grant;
        Assert.That(usurper, Is.Not.Null);

        await lost.Task.WaitAsync(Eventually.DefaultTimeout);
        Assert.That(leader.Status.Role, Is.EqualTo(FleetRole.Follower));
        Assert.That(await leader.PublishAsync(Snapshots.Of(1, ("a", "1"))), Is.EqualTo(PublishOutcome.Fenced));
    }

    [Test]
    public async Task LeaderCutOffFromRedisStopsLeadingOnceItsLeaseMayHaveRunOut()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options("leader");
        options.TimeProvider = clock;
        var leader = await JoinAsync(options);
        await Eventually.TrueAsync(() => leader.Status.Role == FleetRole.Leader, "it leads");

        await Redis.KillAsync();
        clock.Advance(options.LeaseTime - TimeSpan.FromMilliseconds(1));
        Assert.That(leader.Election.Grant, Is.Not.Null, "within the lease it may still lead");
        clock.Advance(TimeSpan.FromMilliseconds(1));

        Assert.That(leader.Election.Grant, Is.Null, "past the lease it must not believe it leads, renewed or not");
        Assert.That(await leader.PublishAsync(Snapshots.Of(1, ("a", "1"))), Is.EqualTo(PublishOutcome.Fenced));
    }

    [Test]
    public async Task HandlerThatThrowsDoesNotEndTheElection()
    {
        var database = await ConnectAsync();
        await using var election = new LeaderElection(
            Lease(database, "leader", TimeSpan.FromSeconds(1)), TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(200),
            TimeProvider.System, Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance);
        election.Acquired += _ => throw new InvalidOperationException("application bug");
        election.Start();
        await Eventually.TrueAsync(() => election.Grant is not null, "it leads");

        // Longer than the lease: only renewals keep it leading.
        await Task.Delay(TimeSpan.FromSeconds(2.5));

        Assert.That(election.Grant, Is.Not.Null, "it kept renewing");
    }
}
