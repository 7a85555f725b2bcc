using Microsoft.Extensions.Hosting;
using StackExchange.Redis;

namespace OpenFeatureAppConfig.Fleet.Tests.Integration;

/// <summary>The fleet's settings come from configuration alone (<c>FeatureFlags:Fleet</c>); a bad one stops the start and names itself.</summary>
public class ConfigurationTests : StoreFleetTest
{
    [Test]
    public async Task FeatureFlags_Fleet_names_the_fleet_and_sets_the_lease_times_and_the_instance_id()
    {
        var builder = FleetHostBuilder();
        builder.Configuration["FeatureFlags:Fleet:FleetName"] = "orders";
        builder.Configuration["FeatureFlags:Fleet:InstanceId"] = "web-1";
        builder.Configuration["FeatureFlags:Fleet:LeaseTime"] = "00:00:03";
        builder.Configuration["FeatureFlags:Fleet:RenewInterval"] = "00:00:01";
        builder.Configuration["FeatureFlags:Fleet:MaxAnnouncedDeltaBytes"] = "1024";
        builder.AddFeatureFlags();
        var host = builder.Build();
        try
        {
            var database = await ConnectAsync();
            RedisValue holder = default;
            await Eventually.TrueAsync(() => !(holder = database.StringGet("ofac:{orders}:lease")).IsNull, "the instance leads the fleet named orders");
            var timeToLive = await database.KeyTimeToLiveAsync("ofac:{orders}:lease");
            Assert.Multiple(() =>
            {
                Assert.That(holder.ToString(), Does.StartWith("web-1|"));
                Assert.That(timeToLive, Is.Not.Null.And.LessThanOrEqualTo(TimeSpan.FromSeconds(3)), "the lease lasts LeaseTime, not the default 6 s");
            });
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }

    [Test]
    public async Task Without_FeatureFlags_Fleet_the_fleet_name_is_derived_from_the_store_and_selection()
    {
        var builder = FleetHostBuilder();
        builder.AddFeatureFlags();
        var host = builder.Build();
        try
        {
            var database = await ConnectAsync();
            var expected = $"ofac:{{127.0.0.1:";
            await Eventually.TrueAsync(
                () => database.Multiplexer.GetServers().Single().Keys(pattern: "ofac:*:lease").Any(k => k.ToString().StartsWith(expected, StringComparison.Ordinal)),
                "the instance leads the fleet named after the store's host");
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }

    [TestCase("LeaseTime", "soon")]
    [TestCase("LeaseTime", "00:00:00.050")]
    [TestCase("RenewInterval", "00:00:09")]
    [TestCase("RenewInterval", "-00:00:01")]
    [TestCase("MaxAnnouncedDeltaBytes", "lots")]
    [TestCase("MaxAnnouncedDeltaBytes", "-1")]
    [TestCase("FleetName", "a{b}")]
    [TestCase("InstanceId", " ")]
    [TestCase("LeaseTme", "00:00:05")]
    public void A_bad_fleet_setting_stops_the_start_with_an_error_naming_it(string setting, string value)
    {
        var builder = FleetHostBuilder();
        builder.Configuration[$"FeatureFlags:Fleet:{setting}"] = value;

        var error = Assert.Throws<InvalidOperationException>(() => builder.AddFeatureFlags());

        TestContext.Out.WriteLine(error!.Message);
        Assert.That(error.Message, Does.Contain($"FeatureFlags:Fleet:{setting}"));
        Assert.That(error.Message, Does.Not.Contain(Redis.Password), "never the connection string");
    }
}
