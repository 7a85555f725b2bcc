using Microsoft.Playwright;
using OpenFeatureAppConfig.Rollouts;

namespace OpenFeatureAppConfig.WebApp.Tests;

/// <summary>
/// The buggy-treatment demo end to end in Debian's Chromium, as a newcomer runs it (<c>--buggy-treatment</c>, the
/// in-process guard by default): the new checkout fails for the users it reaches, the guard rolls the rollout back on
/// its own, and the emulator's portal page (and the sample's home page) show it rolled back with the guard's reason.
/// </summary>
public sealed class GuardedRolloutBrowserTests
{
    private static readonly float Patience = 120_000;

    [Test]
    public async Task The_guard_rolls_back_the_buggy_new_checkout_and_the_portal_shows_why()
    {
        await using var sample = await GuardedSample.StartAsync("http://127.0.0.1:0");

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await SampleBrowserTests.LaunchChromiumAsync(playwright);
        await using var context = await browser.NewContextAsync();
        var home = await context.NewPageAsync();
        await home.GotoAsync(sample.Site.ToString());
        var portalUrl = await home.Locator("#portal-link").GetAttributeAsync("href");

        var portal = await context.NewPageAsync();
        await portal.GotoAsync(portalUrl!);
        await portal.Locator("#rollouts[data-ready=true]").WaitForAsync();
        var rollout = portal.Locator($"[data-testid=rollout][data-flag={BuggyTreatmentDemoFlag}]");
        var state = rollout.GetByTestId("rollout-state");

        // Paused at no stage (0 %) by the guard, on its own: nobody clicks anything.
        await Assertions.Expect(state).ToHaveAttributeAsync("data-state", "paused", new() { Timeout = Patience });
        await Assertions.Expect(state).ToHaveAttributeAsync("data-percentage", "0");
        var history = rollout.GetByTestId("rollout-history");
        await Assertions.Expect(history).ToContainTextAsync("guard 'in-process' tripped: variant 'true'");
        await Assertions.Expect(history).ToContainTextAsync("treatment failure rate 100.00 %");
        await Assertions.Expect(history).ToContainTextAsync("rolled back to 0 % and paused");

        // The sample's home page (it reloads itself every second in the demo) says the same.
        await Assertions.Expect(home.Locator("#guarded-rollout")).ToHaveAttributeAsync("data-state", "Paused", new() { Timeout = Patience });
        await Assertions.Expect(home.Locator("#guarded-rollout")).ToContainTextAsync("guard 'in-process' tripped");

        Assert.That((await sample.ReadPlanAsync()).Status, Is.EqualTo(new RolloutStatus(RolloutState.Paused, null)), sample.DescribeChecks());

        // Back at 0 %: every user gets the classic checkout again, this browser's anonymous user included (within
        // the sample's refresh interval, 1 s).
        await GuardedSample.WaitForAsync(async () =>
        {
            await home.GotoAsync(new Uri(sample.Site, "/checkout").ToString());
            return await home.Locator("#checkout").GetAttributeAsync("data-checkout") == "classic";
        }, "classic checkout after the rollback", sample.DescribeChecks);
    }

    private const string BuggyTreatmentDemoFlag = Samples.WebApp.Flags.BuggyTreatmentDemo.Flag;
}
