using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.Samples.WebApp.Flags;

/// <summary>
/// <c>recommendations</c> as a scheduled rollout on the embedded store: a plan seeded next to the sample's flags
/// and the executor in the app (<c>AddProgressiveRollouts</c>). With <c>--rollout-demo</c> each stage is held a
/// few seconds, so 1 → 5 → 25 → 100 % happens while you watch the home page and the portal (docs/rollouts.md).
/// </summary>
public static class RolloutDemo
{
    /// <summary>The command-line switch (also the setting <c>rollout-demo=true</c>).</summary>
    public const string Switch = "rollout-demo";

    /// <summary>The flag the sample rolls out.</summary>
    public const string Flag = "recommendations";

    /// <summary>The stages of the sample's rollout: an hour each, or (demo) a few seconds each.</summary>
    public static RolloutStage[] Stages(bool demo)
    {
        var hold = demo ? TimeSpan.FromSeconds(4) : TimeSpan.FromHours(1);
        return [new(1, hold), new(5, hold), new(25, hold), new(100, TimeSpan.Zero)];
    }

    /// <summary>The bare switch <c>--rollout-demo</c> as the setting it stands for (ASP.NET Core's command line wants a value).</summary>
    public static string[] ExpandSwitch(string[] args) =>
        args.Select(arg => arg == "--" + Switch ? $"--{Switch}=true" : arg).ToArray();

    /// <summary>
    /// On the embedded store only (the sample's own): seeds the plan and runs the executor. A store you configured
    /// is left alone: start rollouts there with the portal, the <c>rollout</c> command or <see cref="RolloutClient"/>.
    /// </summary>
    public static async Task ConfigureAsync(WebApplicationBuilder builder)
    {
        if (builder.Services.FirstOrDefault(service => service.ServiceType == typeof(EmbeddedFlagStore))?.ImplementationInstance is not EmbeddedFlagStore store)
        {
            return;
        }

        var demo = builder.Configuration.GetValue<bool>(Switch);
        var clock = (builder.Services.FirstOrDefault(service => service.ServiceType == typeof(RolloutDemoClock))?.ImplementationInstance as RolloutDemoClock)?.Time
            ?? TimeProvider.System;
        var client = new AppConfigurationClient(store.Emulator.ConnectionString);
        var rollouts = new RolloutClient(client, clock);
        await rollouts.StartAsync(new RolloutPlan(Flag, null, RolloutTarget.Enabled, clock.GetUtcNow(), Stages(demo)), "sample");
        builder.Services.AddSingleton(rollouts);
        builder.Services.AddSingleton(new RolloutDemoMode(demo));
        builder.Services.AddProgressiveRollouts(options =>
        {
            options.Client = client;
            options.TimeProvider = clock;
            // The demo's stages last seconds: look often, so that each is written on time.
            options.PollInterval = demo ? TimeSpan.FromSeconds(1) : TimeSpan.FromSeconds(30);
        });
    }
}

/// <summary>Whether the sample runs its rollout in seconds (<c>--rollout-demo</c>): the home page then follows it.</summary>
/// <param name="IsDemo">True with <c>--rollout-demo</c>.</param>
public sealed record RolloutDemoMode(bool IsDemo);

/// <summary>
/// The clock of the sample's rollout (its plan, its controls and its executor); the system clock unless one is
/// registered before the sample is built. A test registers a fake one and moves it, so the demo's rollout advances on
/// an accelerated clock while the rest of the app (its flag refresh) keeps real time.
/// </summary>
/// <param name="Time">The clock.</param>
public sealed record RolloutDemoClock(TimeProvider Time);
