using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using OpenFeatureAppConfig.Samples.WebApp;

namespace OpenFeatureAppConfig.WebApp.Tests;

/// <summary>
/// End to end in a real browser: the sample on its embedded default (emulator and all) on a loopback port, Debian's
/// Chromium driven by Playwright (never downloaded), the flag switched in the emulator's portal page.
/// </summary>
public sealed class SampleBrowserTests
{
    private const string ChromiumPath = "/usr/bin/chromium";

    [Test]
    public async Task A_portal_toggle_reaches_the_checkout_and_targeting_follows_the_signed_in_user()
    {
        await using var sample = await SampleInBrowser.StartAsync();
        var (site, context, page) = (sample.Site, sample.Context, sample.Page);

        // The classic checkout, and the home page's link to the embedded emulator's portal.
        await page.GotoAsync($"{site}/checkout");
        Assert.That(await page.Locator("#checkout").GetAttributeAsync("data-checkout"), Is.EqualTo("classic"));
        await page.GotoAsync($"{site}/");
        var portalUrl = await page.Locator("#portal-link").GetAttributeAsync("href");
        Assert.That(portalUrl, Does.StartWith("http://127.0.0.1:"));

        // Switch new_checkout on in the portal page, as a person would.
        var portal = await context.NewPageAsync();
        await portal.GotoAsync(portalUrl!);
        await portal.Locator("body[data-ready=true]").WaitForAsync();
        var toggle = portal.Locator("tr[data-testid=flag-row][data-flag-id=\"new_checkout\"]").GetByTestId("toggle");
        Assert.That(await toggle.IsCheckedAsync(), Is.False);
        await toggle.ClickAsync();
        await Assertions.Expect(portal.GetByTestId("message")).ToContainTextAsync("now on");

        // Reload the checkout until the new one shows: the sample refreshes every second.
        var waited = System.Diagnostics.Stopwatch.StartNew();
        string? checkout;
        do
        {
            await page.GotoAsync($"{site}/checkout");
            checkout = await page.Locator("#checkout").GetAttributeAsync("data-checkout");
            if (checkout == "new" || waited.Elapsed > TimeSpan.FromSeconds(20))
            {
                break;
            }

            await Task.Delay(250);
        }
        while (true);
        Assert.That(checkout, Is.EqualTo("new"), "the checkout did not switch within 20 seconds of the toggle");

        // A targeted user sees the beta dashboard...
        await SignInAsync(page, site, "alice");
        var beta = await page.GotoAsync($"{site}/beta");
        Assert.That(beta!.Status, Is.EqualTo(200));
        await Assertions.Expect(page.Locator("#beta-dashboard")).ToBeVisibleAsync();

        // ...another user gets the disabled response.
        await page.Locator("nav form button").ClickAsync();
        await SignInAsync(page, site, "bob");
        var refused = await page.GotoAsync($"{site}/beta");
        Assert.That(refused!.Status, Is.EqualTo(403));
        await Assertions.Expect(page.Locator("#feature-disabled")).ToBeVisibleAsync();
        await Assertions.Expect(page.Locator("main")).ToContainTextAsync("beta_dashboard is not enabled for bob");
    }

    [Test]
    public async Task The_home_pages_readout_link_draws_the_button_color_experiment_in_the_portal()
    {
        await using var sample = await SampleInBrowser.StartAsync();
        var (site, context, page) = (sample.Site, sample.Context, sample.Page);

        // alice (orange, by name) buys once: one exposure, one conversion.
        await SignInAsync(page, site, "alice");
        await page.GotoAsync($"{site}/checkout");
        await page.Locator("form[action='/checkout/purchase'] button").ClickAsync();
        await Assertions.Expect(page.Locator("#purchased")).ToBeVisibleAsync();

        // The home page links the portal with this app's readout; the portal (another origin) reads it through CORS.
        await page.GotoAsync($"{site}/");
        var readoutLink = await page.Locator("#readout-link").GetAttributeAsync("href");
        var portal = await context.NewPageAsync();
        await portal.GotoAsync(readoutLink!);
        var orange = portal.Locator("[data-testid=readout-chart] [data-testid=readout-bar][data-variant=orange]");
        await Assertions.Expect(orange).ToHaveAttributeAsync("data-rate", "1");
        await Assertions.Expect(portal.GetByTestId("readout-message")).ToBeHiddenAsync();
    }

    /// <summary>The sample on its embedded store, on a free loopback port, and a Chromium page; disposes both.</summary>
    private sealed class SampleInBrowser(WebApplication app, IPlaywright playwright, IBrowser browser, IBrowserContext context, IPage page) : IAsyncDisposable
    {
        public string Site { get; } =
            app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single().TrimEnd('/');

        public IBrowserContext Context => context;

        public IPage Page => page;

        public static async Task<SampleInBrowser> StartAsync()
        {
            var app = await SampleApp.BuildAsync(
                ["--urls", "http://127.0.0.1:0", "--contentRoot", FindSampleDirectory(), "--Logging:LogLevel:Default=Warning"]);
            IPlaywright? playwright = null;
            IBrowser? browser = null;
            try
            {
                await app.StartAsync();
                playwright = await Playwright.CreateAsync();
                browser = await LaunchChromiumAsync(playwright);
                var context = await browser.NewContextAsync();
                return new SampleInBrowser(app, playwright, browser, context, await context.NewPageAsync());
            }
            catch
            {
                if (browser is not null)
                {
                    await browser.DisposeAsync();
                }

                playwright?.Dispose();
                await app.DisposeAsync();
                throw;
            }
        }

        public async ValueTask DisposeAsync()
        {
            await context.DisposeAsync();
            await browser.DisposeAsync();
            playwright.Dispose();
            await app.DisposeAsync();
        }
    }

    private static async Task SignInAsync(IPage page, string site, string user)
    {
        await page.GotoAsync($"{site}/account/signin");
        await page.Locator("#userName").FillAsync(user);
        await page.Locator("#signin").ClickAsync();
        await Assertions.Expect(page.Locator("#signed-in-as")).ToContainTextAsync(user);
    }

    /// <summary>Debian's Chromium, headless (never downloaded); fails the test with how to install it when missing.</summary>
    internal static Task<IBrowser> LaunchChromiumAsync(IPlaywright playwright)
    {
        if (!File.Exists(ChromiumPath))
        {
            Assert.Fail($"{ChromiumPath} is missing: this test drives Debian's Chromium. Install it with 'sudo apt-get install chromium' (./test.sh does this).");
        }

        return playwright.Chromium.LaunchAsync(new()
        {
            ExecutablePath = ChromiumPath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
    }

    internal static string FindSampleDirectory()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            var candidate = Path.Combine(folder.FullName, "samples", "WebApp");
            if (File.Exists(Path.Combine(candidate, "WebApp.csproj")))
            {
                return candidate;
            }
        }

        throw new DirectoryNotFoundException($"samples/WebApp not found above {AppContext.BaseDirectory}.");
    }
}
