using System.Globalization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;
using Microsoft.Playwright;
using OpenFeatureAppConfig.Rollouts;
using OpenFeatureAppConfig.Samples.WebApp;
using OpenFeatureAppConfig.Samples.WebApp.Flags;

namespace OpenFeatureAppConfig.WebApp.Tests;

/// <summary>
/// The rollout demo end to end in Debian's Chromium, on an accelerated clock: the sample with <c>--rollout-demo</c>
/// runs its rollout (plan, controls, executor) on the test's <see cref="FakeTimeProvider"/>, and the portal page's
/// clock is Playwright's, paused and moved in step with it. The test moves both a second at a time, waits for the
/// executor to have done what that second made due, and watches the portal draw each stage of
/// <c>recommendations</c> up to 100 %; then a roll back clicked in the portal reaches the sample's home page, and a
/// rollout started in the portal runs to completion. No step waits for real seconds to pass.
/// </summary>
public sealed class RolloutBrowserTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan Tick = TimeSpan.FromSeconds(1);

    [Test]
    public async Task A_rollout_advances_in_the_portal_and_a_portal_roll_back_reaches_the_sample_page()
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        await using var app = await SampleApp.BuildAsync(
            ["--rollout-demo", "--urls", "http://127.0.0.1:0", "--contentRoot", SampleBrowserTests.FindSampleDirectory(), "--Logging:LogLevel:Default=Warning"],
            services => services.AddSingleton(new RolloutDemoClock(clock)));
        await app.StartAsync();
        var site = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');
        var rollouts = app.Services.GetRequiredService<RolloutClient>();

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await SampleBrowserTests.LaunchChromiumAsync(playwright);

        // The home page keeps real time (it reloads itself every second); the portal runs on the test's clock.
        await using var homeContext = await browser.NewContextAsync();
        var home = await homeContext.NewPageAsync();
        await home.GotoAsync($"{site}/");
        var portalUrl = await home.Locator("#portal-link").GetAttributeAsync("href");
        await using var portalContext = await browser.NewContextAsync();
        await portalContext.Clock.InstallAsync(new() { TimeDate = clock.GetUtcNow().UtcDateTime });
        clock.Advance(Tick);
        await portalContext.Clock.PauseAtAsync(clock.GetUtcNow().UtcDateTime);
        var portal = await portalContext.NewPageAsync();
        await portal.GotoAsync(portalUrl!);
        await portal.Locator("#rollouts[data-ready=true]").WaitForAsync();
        var rollout = portal.Locator("[data-testid=rollout][data-flag=recommendations]");

        // Second by second, the portal follows the seeded rollout as the executor writes each stage.
        var seen = await WatchUntilCompletedAsync(clock, portalContext.Clock, rollouts, rollout);
        Assert.That(seen, Is.EqualTo(new[] { 1d, 5, 25, 100 }), "the percentages the portal showed, in order: every stage, none skipped");
        Assert.That(await rollout.Locator("svg circle").CountAsync(), Is.EqualTo(await rollout.Locator("[data-testid=rollout-history] tbody tr").CountAsync()), "one dot per transition");

        // Everyone has it at 100 %: the sample page says so (its own refresh is 1 s of real time).
        await Assertions.Expect(home.Locator("#recommendations")).ToContainTextAsync("Recommended for you", new() { Timeout = (float)Patience.TotalMilliseconds });

        // Roll back in the portal: 0 % at once, and the sample page follows.
        await portal.GetByTestId("rollout-reason").FillAsync("recommendations are slow");
        await rollout.GetByTestId("rollout-rollback").ClickAsync();
        await Assertions.Expect(rollout.GetByTestId("rollout-state")).ToHaveAttributeAsync("data-state", "rolledBack");
        await Assertions.Expect(rollout.GetByTestId("rollout-history")).ToContainTextAsync("recommendations are slow");
        await Assertions.Expect(home.Locator("#recommendations")).ToContainTextAsync("No recommendations yet", new() { Timeout = (float)Patience.TotalMilliseconds });

        // Start a new rollout from the portal: the executor picks it up and takes it to 100 % again.
        await portal.GetByTestId("rollout-flag").FillAsync("recommendations");
        await portal.GetByTestId("rollout-stages").FillAsync("5:PT2S,100:PT0S");
        await portal.GetByTestId("rollout-start").ClickAsync();
        await Assertions.Expect(portal.GetByTestId("rollout-message")).ToContainTextAsync("rollout started");
        Assert.That(await WatchUntilCompletedAsync(clock, portalContext.Clock, rollouts, rollout), Is.EqualTo(new[] { 5d, 100 }));
        await Assertions.Expect(home.Locator("#recommendations")).ToContainTextAsync("Recommended for you", new() { Timeout = (float)Patience.TotalMilliseconds });
    }

    /// <summary>
    /// Moves the sample's rollout clock and the portal's clock a second at a time. After each second it waits for the
    /// executor to have written whatever that second made due (the stored plan agrees with the schedule at the clock's
    /// time), lets the portal refresh, and waits for the portal to show the stored state; answers the percentages shown.
    /// </summary>
    private static async Task<List<double>> WatchUntilCompletedAsync(FakeTimeProvider clock, IClock portalClock, RolloutClient rollouts, ILocator rollout)
    {
        var seen = new List<double>();
        for (var tick = 0; tick < 120; tick++)
        {
            var plan = await EventuallyAsync(async () =>
            {
                var stored = (await rollouts.GetRolloutAsync(RolloutDemo.Flag)).Value;
                var due = RolloutSchedule.Evaluate(stored, clock.GetUtcNow());
                var caughtUp = stored.Status.State != RolloutState.Running || (due.Stage == stored.Status.Stage && !due.IsComplete);
                return caughtUp ? stored : null;
            }, "the executor wrote what the clock made due");

            await portalClock.RunForAsync((long)Tick.TotalMilliseconds);
            var expected = (plan.CurrentPercentage.ToString(CultureInfo.InvariantCulture), StateName(plan.Status.State));
            await EventuallyAsync(async () =>
            {
                // Both attributes in one read: the portal may re-render between two separate reads.
                var shown = await rollout.GetByTestId("rollout-state").EvaluateAsync<string[]>(
                    "element => [element.getAttribute('data-percentage'), element.getAttribute('data-state')]");
                return (shown[0], shown[1]) == expected ? shown : null;
            }, $"the portal shows {expected}");

            if (plan.CurrentPercentage > 0 && (seen.Count == 0 || seen[^1] != plan.CurrentPercentage))
            {
                seen.Add(plan.CurrentPercentage);
            }

            if (plan.Status.State == RolloutState.Completed)
            {
                return seen;
            }

            clock.Advance(Tick);
        }

        Assert.Fail($"The rollout did not complete in 120 s of its clock; the portal showed {string.Join(", ", seen)} %.");
        return seen;
    }

    private static string StateName(RolloutState state) => state switch
    {
        RolloutState.RolledBack => "rolledBack",
        _ => state.ToString().ToLowerInvariant(),
    };

    /// <summary>Polls <paramref name="probe"/> until it answers; <see cref="Patience"/> bounds a hang, it is not what is tested.</summary>
    private static async Task<T> EventuallyAsync<T>(Func<Task<T?>> probe, string what)
        where T : class
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (true)
        {
            if (await probe() is { } answer)
            {
                return answer;
            }

            if (waited.Elapsed > Patience)
            {
                Assert.Fail($"Timed out waiting until {what}.");
            }

            await Task.Delay(50);
        }
    }
}
