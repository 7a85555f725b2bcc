namespace OpenFeatureAppConfig.Fleet.Tests;

public sealed class PublicationTests : RedisFleetTest
{
    [Test]
    public async Task StaleLeaderCannotPublishEvenANewerVersion()
    {
        var database = await ConnectAsync();
        var stale = (await Lease(database, "stale", TimeSpan.FromMilliseconds(300)).TryAcquireAsync()).Grant!;
        await Eventually.TrueAsync(() => !database.KeyExists(Keys.Lease), "the stale leader's lease expires");
        var current = (await Lease(database, "current").TryAcquireAsync()).Grant!;

        Assert.That(await Publisher(database).PublishAsync(stale, null, Snapshots.Of(10, ("flag", "stale"))), Is.EqualTo(PublishOutcome.Fenced));
        Assert.That(await Publisher(database).PublishAsync(current, null, Snapshots.Of(5, ("flag", "current"))), Is.EqualTo(PublishOutcome.Published));
        Assert.That(Snapshots.Values(await StoredSnapshot.ReadAsync(database, Keys))["flag"], Is.EqualTo("current"));
    }

    [Test]
    public async Task LeaderWhoseLeaseLapsedCannotPublishAfterRedisLostItsData()
    {
        // Without persistence a restarted Redis counts tokens from 1 again; the lease's owner still tells them apart.
        var database = await ConnectAsync();
        var before = (await Lease(database, "before").TryAcquireAsync()).Grant!;
        await database.ExecuteAsync("FLUSHALL");
        var after = (await Lease(database, "after").TryAcquireAsync()).Grant!;
        Assert.That(after.Token, Is.EqualTo(before.Token), "same token number after the data loss");

        Assert.That(await Publisher(database).PublishAsync(before, null, Snapshots.Of(3, ("a", "1"))), Is.EqualTo(PublishOutcome.Fenced));
    }

    [Test]
    public async Task OlderOrEqualVersionCannotOverwriteANewerOne()
    {
        var database = await ConnectAsync();
        var grant = (await Lease(database, "leader").TryAcquireAsync()).Grant!;
        var publisher = Publisher(database);
        var newer = Snapshots.Of(10, ("flag", "on"));

        Assert.That(await publisher.PublishAsync(grant, null, newer), Is.EqualTo(PublishOutcome.Published));
        Assert.That(await publisher.PublishAsync(grant, newer, Snapshots.Of(9, ("flag", "off"))), Is.EqualTo(PublishOutcome.NotNewer));
        Assert.That(await publisher.PublishAsync(grant, newer, Snapshots.Of(10, ("flag", "other"))), Is.EqualTo(PublishOutcome.NotNewer));
        var stored = await StoredSnapshot.ReadAsync(database, Keys);
        Assert.That(stored!.Version, Is.EqualTo(10));
        Assert.That(stored.Hash, Is.EqualTo(newer.Hash));
    }

    [Test]
    public async Task MemberThatDoesNotLeadCannotPublish()
    {
        var database = await ConnectAsync();
        await Lease(database, "someone-else").TryAcquireAsync();
        var member = await JoinAsync("follower");

        Assert.That(await member.PublishAsync(Snapshots.Of(1, ("a", "1"))), Is.EqualTo(PublishOutcome.Fenced));
        Assert.That(await StoredSnapshot.ReadAsync(database, Keys), Is.Null);
    }
}
