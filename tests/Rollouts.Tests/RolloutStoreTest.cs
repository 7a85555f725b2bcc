using Microsoft.Extensions.Time.Testing;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;

namespace OpenFeatureAppConfig.Rollouts.Tests;

/// <summary>
/// A fresh in-process emulator per test with the on/off flag <c>new_checkout</c> (off), a client over loopback
/// HTTP, and a fake clock; the rollout tests against a store derive from it.
/// </summary>
public abstract class RolloutStoreTest
{
    protected const string Flag = "new_checkout";
    protected const string FlagKey = ".appconfig.featureflag/" + Flag;

    /// <summary>The first stage's time in the tests' plans.</summary>
    protected static readonly DateTimeOffset Start = new(2026, 12, 3, 9, 0, 0, TimeSpan.Zero);

    protected AppConfigurationEmulator Emulator { get; private set; } = null!;

    protected AppConfigurationClient Client { get; private set; } = null!;

    protected FakeTimeProvider Time { get; private set; } = null!;

    /// <summary>Where the fake clock stands when a test begins.</summary>
    protected virtual DateTimeOffset ClockAtSetUp => Start;

    [SetUp]
    public async Task StartStoreAsync()
    {
        Emulator = await AppConfigurationEmulator.StartAsync();
        Client = new AppConfigurationClient(Emulator.ConnectionString);
        Time = new FakeTimeProvider(ClockAtSetUp);
        await Emulator.SetFeatureFlagAsync("""{"id":"new_checkout","description":"the new checkout","enabled":false}""");
    }

    [TearDown]
    public async Task StopStoreAsync() => await Emulator.DisposeAsync();

    /// <summary>Waits for a hosted executor's pass (it runs on the thread pool); a bound of 15 s, not a timing assertion.</summary>
    protected static async Task WaitForAsync(Func<Task<bool>> condition, string what = "the hosted executor wrote the stage")
    {
        for (var attempt = 0; attempt < 300; attempt++)
        {
            if (await condition())
            {
                return;
            }

            await Task.Delay(50);
        }

        Assert.Fail($"Timed out waiting until {what}.");
    }

    // 1 % → 5 % → 25 % → 100 %, each held an hour, from Start.
    protected static RolloutPlan NewPlan(string flag = Flag) => new(flag, null, RolloutTarget.Enabled, Start,
        [new(1, TimeSpan.FromHours(1)), new(5, TimeSpan.FromHours(1)), new(25, TimeSpan.FromHours(1)), new(100, TimeSpan.FromHours(1))]);
}
