using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Samples.WebApp.Flags;

/// <summary>
/// The guarded rollout demo (<c>--buggy-treatment</c>, which implies <c>--rollout-demo</c>): on the embedded store a
/// rollout of <c>new_checkout</c> in seconds, a new checkout that fails for the users it reaches, simulated shoppers
/// for traffic, and the guard rolling it back on its own with the reason in the rollout's history
/// (docs/guardrails.md, "Try it").
/// </summary>
public static class BuggyTreatmentDemo
{
    /// <summary>The command-line switch (also the setting <c>buggy-treatment=true</c>).</summary>
    public const string Switch = "buggy-treatment";

    /// <summary>The section of the demo's settings (<c>BuggyTreatment:NewCheckoutFailureShare</c>, ...).</summary>
    public const string Section = "BuggyTreatment";

    /// <summary>The guarded flag: its treatment is the new checkout.</summary>
    public const string Flag = "new_checkout";

    /// <summary>The minimum sample per arm in the demo (the library's default is 200): enough for a checkout that always fails.</summary>
    public const long DemoMinimumSamplePerArm = 50;

    /// <summary>The stages of the guarded rollout: a quarter of the users, then half, then everyone, each held 20 seconds.</summary>
    public static RolloutStage[] Stages { get; } =
        [new(25, TimeSpan.FromSeconds(20)), new(50, TimeSpan.FromSeconds(20)), new(100, TimeSpan.Zero)];

    /// <summary>The bare switch as the setting it stands for; it turns the rollout demo on too.</summary>
    public static string[] ExpandSwitch(string[] args) =>
        args.Contains("--" + Switch)
            ? [.. args.Select(arg => arg == "--" + Switch ? $"--{Switch}=true" : arg), $"--{RolloutDemo.Switch}=true"]
            : args;

    /// <summary>The guarded rollout, or null when it is gone (deleted in the portal) or does not read.</summary>
    public static async Task<RolloutPlan?> FindRolloutAsync(RolloutClient rollouts)
    {
        ArgumentNullException.ThrowIfNull(rollouts);
        try
        {
            return (await rollouts.GetRolloutAsync(Flag)).Value;
        }
        catch (Exception exception) when (exception is Azure.RequestFailedException or RolloutPlanFormatException)
        {
            return null;
        }
    }

    /// <summary>Whether the demo is on.</summary>
    public static bool IsOn(IConfiguration configuration) => configuration.GetValue<bool>(Switch);

    /// <summary>
    /// Registers the checkout's faults (none without the switch) and, with the switch on the embedded store, starts
    /// the guarded rollout and the simulated shoppers. Call after <see cref="RolloutDemo.ConfigureAsync"/>, which runs
    /// the executor.
    /// </summary>
    public static async Task ConfigureAsync(WebApplicationBuilder builder)
    {
        var settings = builder.Configuration.GetSection(Section);
        if (!IsOn(builder.Configuration))
        {
            builder.Services.AddSingleton(CheckoutFaults.None);
            return;
        }

        builder.Services.AddSingleton(new CheckoutFaults(
            settings.GetValue("NewCheckoutFailureShare", 1.0),
            settings.GetValue("ClassicCheckoutFailureShare", 0.0)));
        if (EmbeddedFlagStore.FindIn(builder.Services) is not { } store)
        {
            return;
        }

        var rollouts = new RolloutClient(new AppConfigurationClient(store.Emulator.ConnectionString));
        await rollouts.StartAsync(new RolloutPlan(Flag, null, RolloutTarget.Enabled, DateTimeOffset.UtcNow, Stages), "sample");
        builder.Services.AddSingleton(new ShopperSimulatorOptions(
            settings.GetValue("Shoppers", 400),
            settings.GetValue("VisitsPerSecond", 20.0)));
        builder.Services.AddHostedService<ShopperSimulator>();
    }
}
