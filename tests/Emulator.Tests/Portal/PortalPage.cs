using Microsoft.Playwright;

namespace OpenFeatureAppConfig.Emulator.Tests.Portal;

/// <summary>
/// One emulator (in memory, loopback, free port) and one browser tab on its portal page, with the
/// page's controls named as a user sees them.
/// </summary>
internal sealed class PortalPage : IAsyncDisposable
{
    private readonly IBrowserContext _context;

    private PortalPage(AppConfigurationEmulator emulator, IBrowserContext context, IPage page)
    {
        Emulator = emulator;
        _context = context;
        Page = page;
        Rest = new FlagStore(emulator);
    }

    public AppConfigurationEmulator Emulator { get; }

    public IPage Page { get; }

    public FlagStore Rest { get; }

    public ILocator Message => Page.GetByTestId("message");

    public ILocator EditorMessage => Page.GetByTestId("editor-message");

    public static async Task<PortalPage> OpenAsync(PortalBrowser browser, Func<AppConfigurationEmulator, Task>? seed = null, string path = "/", string? host = null)
    {
        var emulator = await AppConfigurationEmulator.StartAsync();
        try
        {
            if (seed is not null)
            {
                await seed(emulator);
            }

            var context = await browser.Browser.NewContextAsync(new() { AcceptDownloads = true });
            context.SetDefaultTimeout(15_000);
            var page = await context.NewPageAsync();
            var portal = new PortalPage(emulator, context, page);
            var errors = new List<string>();
            page.PageError += (_, error) => { lock (errors) { errors.Add(error); } };
            var address = new UriBuilder(new Uri(emulator.Endpoint, path)) { Host = host ?? emulator.Endpoint.Host }.Uri;
            await page.GotoAsync(address.ToString());
            await page.Locator("body[data-ready=true]").WaitForAsync();
            Assert.That(errors, Is.Empty, "script errors on the portal page");
            return portal;
        }
        catch
        {
            await emulator.DisposeAsync();
            throw;
        }
    }

    /// <summary>The list row of a flag (by id and label; null label = no label).</summary>
    public ILocator Row(string id, string? label = null) =>
        Page.Locator($"tr[data-testid=flag-row][data-flag-id=\"{id}\"][data-label=\"{label ?? string.Empty}\"]");

    public ILocator Rows => Page.Locator("tr[data-testid=flag-row]");

    public async Task OpenEditorAsync(string id, string? label = null)
    {
        await Row(id, label).GetByTestId("edit").ClickAsync();
        await Page.GetByTestId("editor").WaitForAsync();
    }

    public async Task SaveEditorAsync() => await Page.GetByTestId("editor-save").ClickAsync();

    /// <summary>Waits until the editor dialog has closed (a successful save).</summary>
    public async Task WaitForEditorClosedAsync() =>
        await Page.GetByTestId("editor").WaitForAsync(new() { State = WaitForSelectorState.Hidden });

    public async ValueTask DisposeAsync()
    {
        Rest.Dispose();
        await _context.DisposeAsync();
        await Emulator.DisposeAsync();
    }
}
