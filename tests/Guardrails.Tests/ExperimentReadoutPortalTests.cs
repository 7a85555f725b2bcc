using System.Globalization;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Emulator.Tests.Portal;
using OpenFeatureAppConfig.Guardrails.Tests.Support;
using static Microsoft.Playwright.Assertions;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>
/// The emulator's portal page in Debian's Chromium, opened with <c>?readout=</c> pointing at a real app's readout
/// endpoint (its CORS policy allowing the portal's origin): the chart shows each variant's conversion rate and
/// interval as the endpoint serves them.
/// </summary>
[TestFixture]
public sealed class ExperimentReadoutPortalTests
{
    [Test]
    public async Task The_portal_charts_the_three_variants_rates_with_their_intervals()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        var portalOrigin = emulator.Endpoint.GetLeftPart(UriPartial.Authority);
        await using var app = await ExperimentTestApp.StartAsync(
            map: a => a.MapExperimentReadouts().RequireCors(cors => cors.WithOrigins(portalOrigin).WithMethods("GET")),
            services: s => s.AddCors(),
            pipeline: a => a.UseCors());
        await SendTrafficAsync(app);
        var readoutUrl = new Uri(app.Address, "/experiments/button_color");
        var served = JsonNode.Parse(await app.Http.GetStringAsync(readoutUrl))!["variants"]!.AsArray();

        await using var browser = await PortalBrowser.LaunchAsync();
        await using var context = await browser.Browser.NewContextAsync();
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        var errors = new List<string>();
        page.PageError += (_, error) => { lock (errors) { errors.Add(error); } };
        await page.GotoAsync($"{emulator.Endpoint}?readout={Uri.EscapeDataString(readoutUrl.ToString())}");

        var bars = page.GetByTestId("readout-chart").GetByTestId("readout-bar");
        await Expect(bars).ToHaveCountAsync(3);
        Assert.That(errors, Is.Empty, "script errors on the portal page");
        await Expect(page.GetByTestId("readout-message")).ToBeHiddenAsync();
        foreach (var variant in served)
        {
            var name = (string)variant!["variant"]!;
            var rate = (double)variant["conversionRate"]!;
            var bar = page.Locator($"[data-testid=readout-bar][data-variant=\"{name}\"]");
            Assert.Multiple(async () =>
            {
                Assert.That(double.Parse((await bar.GetAttributeAsync("data-rate"))!, CultureInfo.InvariantCulture), Is.EqualTo(rate), name);
                Assert.That(double.Parse((await bar.GetAttributeAsync("data-low"))!, CultureInfo.InvariantCulture), Is.EqualTo((double)variant["interval"]!["low"]!), name);
                Assert.That(double.Parse((await bar.GetAttributeAsync("data-high"))!, CultureInfo.InvariantCulture), Is.EqualTo((double)variant["interval"]!["high"]!), name);
                Assert.That(await bar.GetByTestId("readout-rate").TextContentAsync(), Is.EqualTo((rate * 100).ToString("0.0", CultureInfo.InvariantCulture) + " %"), name);
            });
        }

        Assert.That(await bars.EvaluateAllAsync<string[]>("bars => bars.map(b => b.dataset.variant)"), Is.EqualTo(ExperimentTestApp.Variants));
    }

    [Test]
    public async Task A_readout_on_another_machine_is_refused_by_the_page_and_its_CSP()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await using var browser = await PortalBrowser.LaunchAsync();
        await using var context = await browser.Browser.NewContextAsync();
        context.SetDefaultTimeout(15_000);
        var page = await context.NewPageAsync();
        // A safety net as much as a probe: whatever the page does, nothing leaves loopback.
        var elsewhere = new List<string>();
        await context.RouteAsync("**/*", async route =>
        {
            if (new Uri(route.Request.Url).Host == "127.0.0.1")
            {
                await route.ContinueAsync();
                return;
            }

            lock (elsewhere)
            {
                elsewhere.Add(route.Request.Url);
            }

            await route.AbortAsync();
        });

        var response = await page.GotoAsync($"{emulator.Endpoint}?readout={Uri.EscapeDataString("http://192.0.2.1/experiments/button_color")}");

        await Expect(page.GetByTestId("readout-message")).ToContainTextAsync("not on this machine");
        Assert.That(await response!.HeaderValueAsync("content-security-policy"), Does.Contain("connect-src 'self';"));
        Assert.That(elsewhere, Is.Empty);
    }

    /// <summary>Users view <c>button_color</c>; every third user of each variant, and more of orange, buys.</summary>
    private static async Task SendTrafficAsync(ExperimentTestApp app)
    {
        for (var i = 0; i < 120; i++)
        {
            var user = $"user-{i}";
            var variant = await app.Http.GetStringAsync($"/view?user={user}");
            if (i % 3 == 0 || (variant == "orange" && i % 3 == 1))
            {
                using var response = await app.Http.GetAsync($"/track?user={user}&event=purchase");
            }
        }
    }
}
