using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenFeatureAppConfig.Samples.WebApp;

namespace OpenFeatureAppConfig.WebApp.Tests;

/// <summary>
/// The rollout demo end to end in Debian's Chromium: the sample with <c>--rollout-demo</c> (stages held seconds,
/// the executor in the app), the emulator's portal page watching <c>recommendations</c> advance to 100 %, a roll
/// back clicked in the portal reaching the sample's home page, and a new rollout started in the portal.
/// </summary>
public sealed class RolloutBrowserTests
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    [Test]
    public async Task A_rollout_advances_in_the_portal_and_a_portal_roll_back_reaches_the_sample_page()
    {
        await using var app = await SampleApp.BuildAsync(
            ["--rollout-demo", "--urls", "http://127.0.0.1:0", "--contentRoot", SampleBrowserTests.FindSampleDirectory(), "--Logging:LogLevel:Default=Warning"]);
        await app.StartAsync();
        var site = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');

        using var playwright = await Playwright.CreateAsync();
        await using var browser = await SampleBrowserTests.LaunchChromiumAsync(playwright);
        await using var context = await browser.NewContextAsync();
        var home = await context.NewPageAsync();
        await home.GotoAsync($"{site}/");
        var portalUrl = await home.Locator("#portal-link").GetAttributeAsync("href");

        // The portal follows the seeded rollout as the executor writes each stage.
        var portal = await context.NewPageAsync();
        await portal.GotoAsync(portalUrl!);
        await portal.Locator("#rollouts[data-ready=true]").WaitForAsync();
        var rollout = portal.Locator("[data-testid=rollout][data-flag=recommendations]");
        var seen = new List<double>();
        await WaitForAsync(async () =>
        {
            // Both attributes in one read: the portal may re-render between two separate reads, and a state of
            // "completed" paired with the previous render's percentage would hide the 100 % stage.
            var state = await rollout.GetByTestId("rollout-state").EvaluateAsync<string[]>(
                "element => [element.getAttribute('data-percentage'), element.getAttribute('data-state')]");
            var percentage = double.Parse(state[0], System.Globalization.CultureInfo.InvariantCulture);
            if (seen.Count == 0 || seen[^1] != percentage)
            {
                seen.Add(percentage);
            }

            return state[1] == "completed";
        });
        Assert.That(seen, Is.Ordered.Ascending.And.Contains(100d), "the percentages the portal showed, in order");
        Assert.That(seen, Has.Count.GreaterThan(1), "the portal saw the rollout move, not only its end");
        Assert.That(await rollout.Locator("svg circle").CountAsync(), Is.EqualTo(await rollout.Locator("[data-testid=rollout-history] tbody tr").CountAsync()), "one dot per transition");

        // Everyone has it at 100 %: the sample page says so (its own refresh is 1 s).
        await Assertions.Expect(home.Locator("#recommendations")).ToContainTextAsync("Recommended for you", new() { Timeout = (float)Patience.TotalMilliseconds });

        // Roll back in the portal: 0 % at once, and the sample page follows.
        await portal.GetByTestId("rollout-reason").FillAsync("recommendations are slow");
        await rollout.GetByTestId("rollout-rollback").ClickAsync();
        await Assertions.Expect(rollout.GetByTestId("rollout-state")).ToHaveAttributeAsync("data-state", "rolledBack");
        await Assertions.Expect(rollout.GetByTestId("rollout-history")).ToContainTextAsync("recommendations are slow");
        await Assertions.Expect(home.Locator("#recommendations")).ToContainTextAsync("No recommendations yet", new() { Timeout = (float)Patience.TotalMilliseconds });

        // Start a new rollout from the portal: the executor picks it up and takes it to 100 % again.
        await portal.GetByTestId("rollout-flag").FillAsync("recommendations");
        await portal.GetByTestId("rollout-stages").FillAsync("5:PT1S,100:PT0S");
        await portal.GetByTestId("rollout-start").ClickAsync();
        await Assertions.Expect(portal.GetByTestId("rollout-message")).ToContainTextAsync("rollout started");
        await Assertions.Expect(rollout.GetByTestId("rollout-state")).ToHaveAttributeAsync("data-state", "completed", new() { Timeout = (float)Patience.TotalMilliseconds });
        await Assertions.Expect(home.Locator("#recommendations")).ToContainTextAsync("Recommended for you", new() { Timeout = (float)Patience.TotalMilliseconds });
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (!await condition())
        {
            Assert.That(waited.Elapsed, Is.LessThan(Patience), "the rollout did not complete in time");
            await Task.Delay(200);
        }
    }
}
