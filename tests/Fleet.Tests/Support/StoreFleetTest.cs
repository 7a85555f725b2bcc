using Microsoft.Extensions.Hosting;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.Fleet.Tests;

/// <summary>
/// Base of the tests that also need a store: each test gets its own emulator holding the flag <c>Checkout</c>
/// (enabled) besides its own <c>redis-server</c>, both stopped after it.
/// </summary>
public abstract class StoreFleetTest : RedisFleetTest
{
    protected AppConfigurationEmulator Store { get; private set; } = null!;

    [SetUp]
    public async Task StartStoreAsync()
    {
        Store = await AppConfigurationEmulator.StartAsync();
        await Store.SetFeatureFlagAsync("""{"id":"Checkout","enabled":true}""");
    }

    [TearDown]
    public async Task StopStoreAsync()
    {
        if (Store is not null)
        {
            await Store.DisposeAsync();
        }
    }

    /// <summary>A host builder configured as a fleet-mode app's: the store and the test's Redis as connection strings.</summary>
    protected HostApplicationBuilder FleetHostBuilder()
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Configuration["ConnectionStrings:AppConfig"] = Store.ConnectionString;
        builder.Configuration["ConnectionStrings:FlagFleet"] = Redis.ConnectionString;
        return builder;
    }
}
