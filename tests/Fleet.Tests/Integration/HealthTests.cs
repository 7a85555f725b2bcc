using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using Microsoft.Extensions.Hosting;

namespace OpenFeatureAppConfig.Fleet.Tests.Integration;

/// <summary>The hosting layer's health check reports the fleet: role, snapshot version and age, Redis connectivity.</summary>
public class HealthTests : StoreFleetTest
{
    [Test]
    public async Task The_health_check_names_the_role_and_version_and_is_Degraded_while_Redis_is_unreachable()
    {
        var builder = FleetHostBuilder();
        builder.AddFeatureFlags();
        builder.Services.AddHealthChecks().AddFeatureFlags();
        var host = builder.Build();
        try
        {
            var health = host.Services.GetRequiredService<HealthCheckService>();
            await Eventually.TrueAsync(() => Entry(health)["fleetRole"] as string == "Leader", "the only instance leads");
            var report = await health.CheckHealthAsync();
            Assert.Multiple(() =>
            {
                Assert.That(report.Status, Is.EqualTo(HealthStatus.Healthy));
                Assert.That(Entry(health)["fleetConnected"], Is.EqualTo(true));
                Assert.That(Entry(health).ContainsKey("fleetUnreachableSince"), Is.False, "only while Redis is unreachable");
                Assert.That(report.Entries["feature_flags"].Description, Does.Contain("Fleet: leader"));
            });

            var killedAt = DateTimeOffset.UtcNow;
            await Redis.KillAsync();
            await Eventually.TrueAsync(() => health.CheckHealthAsync().GetAwaiter().GetResult().Status == HealthStatus.Degraded, "Degraded without Redis");
            report = await health.CheckHealthAsync();
            Assert.Multiple(() =>
            {
                Assert.That(Entry(health)["fleetConnected"], Is.EqualTo(false));
                Assert.That(Entry(health).GetValueOrDefault("fleetUnreachableSince"), Is.InstanceOf<DateTimeOffset>().And.GreaterThanOrEqualTo(killedAt), "when it fell back");
                Assert.That(report.Entries["feature_flags"].Description, Does.Contain("Redis is unreachable"));
            });
        }
        finally
        {
            await ((IAsyncDisposable)host).DisposeAsync();
        }
    }

    private static IReadOnlyDictionary<string, object?> Entry(HealthCheckService health)
    {
        var data = health.CheckHealthAsync().GetAwaiter().GetResult().Entries["feature_flags"].Data;
        return (IReadOnlyDictionary<string, object?>)data.Values.OfType<Dictionary<string, object?>>().Single();
    }
}
