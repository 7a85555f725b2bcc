using OpenFeatureAppConfig.AppConfiguration.Tests;

namespace OpenFeatureAppConfig.Fleet.Tests;

public sealed class SecurityTests : RedisFleetTest
{
    [Test]
    public async Task NeitherThePasswordNorAnyValueIsEverLogged()
    {
        const string Secret = "s3cr3t-connection-string-value";
        var logs = new CapturingLogger();
        var options = Options("logged");
        options.LoggerFactory = logs;
        var member = await JoinAsync(options);
        await Eventually.TrueAsync(() => member.Status.Role == FleetRole.Leader, "it leads");
        var v1 = Snapshots.Of(1, ("Db:ConnectionString", Secret));
        await member.PublishAsync(v1);
        await Eventually.TrueAsync(() => member.Snapshots.Current?.Version == 1, "it has v1");

        // Outage and return: warnings, reconnection, re-election, a malformed announcement.
        await Redis.KillAsync();
        await Eventually.TrueAsync(() => member.Status.Role == FleetRole.Standalone, "it is standalone");
        await Redis.RestartAsync();
        await Eventually.TrueAsync(() => member.Status.Role == FleetRole.Leader, "it leads again");
        var database = await ConnectAsync();
        await database.PublishAsync(Keys.Announcements, "{\"b\":1,\"v\":2,\"h\":\"" + Secret + "\",\"set\":\"x\"}");
        await member.PublishAsync(Snapshots.Of(2, ("Db:ConnectionString", Secret + "-2")));
        await Eventually.TrueAsync(() => member.Snapshots.Current?.Version == 2, "it has v2");

        Assert.That(logs.Lines, Is.Not.Empty);
        Assert.That(logs.Lines, Has.None.Contains(Redis.Password));
        Assert.That(logs.Lines, Has.None.Contains(Secret));
    }

    [TestCase("", "fleet", 8000, null, "ConnectionString")]
    [TestCase("127.0.0.1:1,password=hunter2", "a{b}", 8000, null, "FleetName")]
    [TestCase("127.0.0.1:1,password=hunter2", "fleet", 50, null, "LeaseTime")]
    [TestCase("127.0.0.1:1,password=hunter2", "fleet", 1000, 1000, "RenewInterval")]
    public void InvalidOptionsAreRefusedNamingTheSettingNotTheSecret(string connectionString, string fleetName, int leaseMilliseconds, int? renewMilliseconds, string named)
    {
        var options = new FleetOptions
        {
            ConnectionString = connectionString,
            FleetName = fleetName,
            LeaseTime = TimeSpan.FromMilliseconds(leaseMilliseconds),
            RenewInterval = renewMilliseconds is { } renew ? TimeSpan.FromMilliseconds(renew) : null,
        };

        var e = Assert.ThrowsAsync<InvalidOperationException>(() => FleetMember.JoinAsync(options))!;

        Assert.That(e.Message, Does.Contain(named).And.Not.Contain("hunter2"));
    }
}
