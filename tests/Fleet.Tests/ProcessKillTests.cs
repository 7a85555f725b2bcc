namespace OpenFeatureAppConfig.Fleet.Tests;

public sealed class ProcessKillTests : RedisFleetTest
{
    [Test]
    public async Task KilledLeaderProcessIsReplacedWithAHigherFencingToken()
    {
        await using var leaderProcess = MemberProcess.Start(Redis.ConnectionString, FleetName, "process");
        var killedToken = await leaderProcess.Leads.WaitAsync(Eventually.DefaultTimeout);
        var survivor = await JoinAsync("survivor");
        Assert.That(survivor.Status.Role, Is.EqualTo(FleetRole.Follower), "the process holds the lease");

        await leaderProcess.KillAsync();

        await Eventually.TrueAsync(() => survivor.Status.Role == FleetRole.Leader, "the survivor takes over", TimeSpan.FromSeconds(10));
        Assert.That(survivor.Status.LeaseToken, Is.GreaterThan(killedToken));
        Assert.That(await survivor.PublishAsync(Snapshots.Of(1, ("a", "1"))), Is.EqualTo(PublishOutcome.Published));
    }
}
