using Azure;
using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Client;

public class ResilienceTests
{
    [Test]
    public async Task Throttling_is_retried_after_the_wait_the_store_asks_for()
    {
        await using var emulator = await TestStore.StartAsync();
        await emulator.SetKeyValueAsync("K", "v");
        var failures = 0;
        emulator.Faults.ThrottleRate = 1;
        emulator.Faults.ThrottleRetryAfter = TimeSpan.FromMilliseconds(300);
        emulator.Faults.FailWhen = _ => Interlocked.Increment(ref failures) <= 2;
        var client = new AppConfigurationClient(emulator.ConnectionString, TestStore.FastRetries());

        var setting = (await client.GetConfigurationSettingAsync("K")).Value;

        var requests = emulator.Requests.Snapshot();
        Assert.That(setting.Value, Is.EqualTo("v"));
        Assert.That(requests.Select(r => r.StatusCode), Is.EqualTo(new[] { 429, 429, 200 }));
        // The client's own delay is 20 ms; the gaps show it honoured retry-after-ms (300 ms) instead.
        Assert.That(requests[1].Time - requests[0].Time, Is.GreaterThanOrEqualTo(TimeSpan.FromMilliseconds(250)));
    }

    [Test]
    public async Task Server_errors_and_dropped_connections_are_retried()
    {
        await using var emulator = await TestStore.StartAsync();
        await emulator.SetKeyValueAsync("K", "v");
        var client = new AppConfigurationClient(emulator.ConnectionString, TestStore.FastRetries());
        var calls = 0;
        emulator.Faults.FailWhen = _ => Interlocked.Increment(ref calls) <= 1;
        emulator.Faults.DropConnectionRate = 1;

        var afterDrop = (await client.GetConfigurationSettingAsync("K")).Value;

        calls = 0;
        emulator.Faults.DropConnectionRate = 0;
        emulator.Faults.ServerErrorRate = 1;
        var afterServerError = (await client.GetConfigurationSettingAsync("K")).Value;

        Assert.That(afterDrop.Value, Is.EqualTo("v"));
        Assert.That(afterServerError.Value, Is.EqualTo("v"));
        Assert.That(calls, Is.EqualTo(2), "one failed attempt, one retry");
    }

    [Test]
    public async Task Exhausted_retries_surface_as_RequestFailedException_with_the_status()
    {
        await using var emulator = await TestStore.StartAsync();
        emulator.Faults.Outage = true;
        var client = new AppConfigurationClient(emulator.ConnectionString, TestStore.FastRetries());

        var e = Assert.ThrowsAsync<RequestFailedException>(() => client.GetConfigurationSettingAsync("K"))!;

        Assert.That(e.Status, Is.EqualTo(503));
        Assert.That(emulator.Requests.Count, Is.EqualTo(4), "first attempt and three retries");
    }

    [Test]
    public async Task Fails_over_to_a_replica_and_returns_to_the_primary_after_the_backoff()
    {
        await using var primary = await TestStore.StartAsync();
        await using var replica = await TestStore.StartAsync();
        await primary.SetKeyValueAsync("K", "primary");
        await replica.SetKeyValueAsync("K", "replica");
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = TestStore.FastRetries();
        options.Retry.MaxRetries = 0;
        options.ReplicaBackoff = TimeSpan.FromSeconds(30);
        options.TimeProvider = clock;
        var client = new AppConfigurationClient([primary.ConnectionString, replica.ConnectionString], options);

        primary.Faults.Outage = true;
        var duringOutage = (await client.GetConfigurationSettingAsync("K")).Value.Value;
        primary.Faults.Outage = false;
        var duringBackoff = (await client.GetConfigurationSettingAsync("K")).Value.Value;
        clock.Advance(TimeSpan.FromSeconds(31));
        var afterBackoff = (await client.GetConfigurationSettingAsync("K")).Value.Value;

        Assert.Multiple(() =>
        {
            Assert.That(duringOutage, Is.EqualTo("replica"));
            Assert.That(duringBackoff, Is.EqualTo("replica"), "the failed primary is passed over for a while");
            Assert.That(afterBackoff, Is.EqualTo("primary"));
            Assert.That(primary.Requests.Count, Is.EqualTo(2));
        });
    }

    [Test]
    public async Task Fails_over_when_the_primary_throttles()
    {
        await using var primary = await TestStore.StartAsync();
        await using var replica = await TestStore.StartAsync();
        await replica.SetKeyValueAsync("K", "replica");
        primary.Faults.ThrottleRate = 1;
        primary.Faults.ThrottleRetryAfter = TimeSpan.FromMilliseconds(10);
        var options = TestStore.FastRetries();
        options.Retry.MaxRetries = 1;
        var client = new AppConfigurationClient([primary.ConnectionString, replica.ConnectionString], options);

        Assert.That((await client.GetConfigurationSettingAsync("K")).Value.Value, Is.EqualTo("replica"));
        Assert.That(primary.Requests.Snapshot().Select(r => r.StatusCode), Is.All.EqualTo(429));
    }

    [Test]
    public async Task Fails_over_on_a_dead_endpoint()
    {
        await using var replica = await TestStore.StartAsync();
        await replica.SetKeyValueAsync("K", "replica");
        string deadConnectionString;
        await using (var dead = await TestStore.StartAsync())
        {
            deadConnectionString = dead.ConnectionString;
        }

        var options = TestStore.FastRetries();
        options.Retry.MaxRetries = 1;
        var client = new AppConfigurationClient([deadConnectionString, replica.ConnectionString], options);

        Assert.That((await client.GetConfigurationSettingAsync("K")).Value.Value, Is.EqualTo("replica"));
    }
}
