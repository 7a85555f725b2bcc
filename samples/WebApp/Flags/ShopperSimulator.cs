using System.Globalization;
using System.Net;
using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;

namespace OpenFeatureAppConfig.Samples.WebApp.Flags;

/// <summary>
/// Traffic for the buggy-treatment demo only: simulated shoppers who sign in (each a user of its own, so targeting
/// splits them between the classic and the new checkout), open the checkout over HTTP on the app's own loopback
/// address, and sometimes buy. A guard needs its minimum sample, and a newcomer watching the demo should not have
/// to click a few hundred times. The buy rate per button colour is made up (blue 10 %, green 12 %, orange 15 %), so
/// that the <c>button_color</c> experiment has conversions to show.
/// </summary>
internal sealed partial class ShopperSimulator(IServer server, IHostApplicationLifetime lifetime, ShopperSimulatorOptions options, ILogger<ShopperSimulator> logger)
    : BackgroundService
{
    private static readonly Dictionary<string, double> BuyRateByColour = new(StringComparer.Ordinal) { ["blue"] = 0.10, ["green"] = 0.12, ["orange"] = 0.15 };

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(started.SetResult))
        await using (stoppingToken.Register(() => started.TrySetCanceled(stoppingToken)))
        {
            await started.Task.ConfigureAwait(false);
        }

        var addresses = server.Features.Get<IServerAddressesFeature>()?.Addresses ?? [];
        if (addresses.Select(LoopbackAddress).FirstOrDefault(address => address is not null) is not { } site)
        {
            LogNoLoopbackAddress(logger, string.Join(", ", addresses));
            return;
        }

        LogStarted(logger, options.Shoppers, options.VisitsPerSecond, site);
        using var handler = new SocketsHttpHandler { UseCookies = false, AllowAutoRedirect = false };
        using var http = new HttpClient(handler) { BaseAddress = site, Timeout = TimeSpan.FromSeconds(10) };
        var shoppers = new Shopper?[Math.Max(1, options.Shoppers)];
        // A fixed seed: the same shoppers visit in the same order on every run.
        var random = new Random(20261203);
        using var timer = new PeriodicTimer(TimeSpan.FromSeconds(1 / Math.Clamp(options.VisitsPerSecond, 0.1, 1000)));
        while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false))
        {
            var index = random.Next(shoppers.Length);
            var shopper = shoppers[index] ??= new Shopper(string.Create(CultureInfo.InvariantCulture, $"shopper-{index:D4}"));
            try
            {
                await VisitAsync(http, shopper, random.NextDouble(), stoppingToken).ConfigureAwait(false);
            }
            catch (Exception e) when (e is HttpRequestException or TaskCanceledException && !stoppingToken.IsCancellationRequested)
            {
                LogVisitFailed(logger, shopper.Name, e.Message);
            }
        }
    }

    /// <summary>One visit: sign in the first time, open the checkout, and buy when <paramref name="dice"/> falls under the colour's buy rate.</summary>
    private static async Task VisitAsync(HttpClient http, Shopper shopper, double dice, CancellationToken cancellationToken)
    {
        if (!shopper.SignedIn)
        {
            var form = await shopper.SendAsync(http, HttpMethod.Get, "/account/signin", null, cancellationToken).ConfigureAwait(false);
            await shopper.SendAsync(http, HttpMethod.Post, "/account/signin",
                [new("__RequestVerificationToken", AntiforgeryToken(form)), new("userName", shopper.Name)], cancellationToken).ConfigureAwait(false);
            shopper.SignedIn = true;
        }

        // A failed checkout (the buggy new one) is a 5xx: nothing to buy, and the guard counts it.
        var checkout = await shopper.SendAsync(http, HttpMethod.Get, "/checkout", null, cancellationToken).ConfigureAwait(false);
        if (checkout is null || ButtonColour().Match(checkout) is not { Success: true } colour
            || dice >= BuyRateByColour.GetValueOrDefault(colour.Groups[1].Value, 0.10))
        {
            return;
        }

        await shopper.SendAsync(http, HttpMethod.Post, "/checkout/purchase",
            [new("__RequestVerificationToken", AntiforgeryToken(checkout))], cancellationToken).ConfigureAwait(false);
    }

    private static string AntiforgeryToken(string? page) =>
        page is not null && AntiforgeryTokenField().Match(page) is { Success: true } match
            ? WebUtility.HtmlDecode(match.Groups[1].Value)
            : throw new HttpRequestException("The page has no antiforgery token.");

    /// <summary>The address of a listening endpoint to call on this machine: a wildcard host becomes the loopback address; a non-loopback host is never called.</summary>
    private static Uri? LoopbackAddress(string address)
    {
        var parsed = new Uri(address.Replace("://+", "://0.0.0.0", StringComparison.Ordinal).Replace("://*", "://0.0.0.0", StringComparison.Ordinal));
        if (parsed.Scheme != Uri.UriSchemeHttp)
        {
            return null; // the simulator does not trust a development certificate on the user's behalf
        }

        var host = parsed.IsLoopback ? parsed.Host
            : parsed.HostNameType == UriHostNameType.IPv4 && IPAddress.Parse(parsed.Host).Equals(IPAddress.Any) ? "127.0.0.1"
            : parsed.HostNameType == UriHostNameType.IPv6 && IPAddress.Parse(parsed.Host).Equals(IPAddress.IPv6Any) ? "[::1]"
            : null;
        return host is null ? null : new UriBuilder(parsed) { Host = host, Path = "/" }.Uri;
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex AntiforgeryTokenField();

    [GeneratedRegex("data-colour=\"([a-z]+)\"")]
    private static partial Regex ButtonColour();

    [LoggerMessage(EventId = 1, Level = LogLevel.Information,
        Message = "Buggy-treatment demo: {Shoppers} simulated shoppers visit the checkout {VisitsPerSecond} times a second at {Site}")]
    private static partial void LogStarted(ILogger logger, int shoppers, double visitsPerSecond, Uri site);

    [LoggerMessage(EventId = 2, Level = LogLevel.Warning, Message = "Buggy-treatment demo: no plain-HTTP loopback address to send simulated shoppers to (listening on {Addresses})")]
    private static partial void LogNoLoopbackAddress(ILogger logger, string addresses);

    [LoggerMessage(EventId = 3, Level = LogLevel.Debug, Message = "Simulated shopper {Shopper}'s visit failed: {Error}")]
    private static partial void LogVisitFailed(ILogger logger, string shopper, string error);

    /// <summary>A simulated user: a name and the cookies of its browser.</summary>
    private sealed class Shopper(string name)
    {
        private readonly CookieContainer _cookies = new();

        public string Name { get; } = name;

        public bool SignedIn { get; set; }

        /// <summary>Sends a request with this shopper's cookies and keeps the cookies it sets; the body of a success, or null for an error status.</summary>
        public async Task<string?> SendAsync(HttpClient http, HttpMethod method, string path, KeyValuePair<string, string>[]? form, CancellationToken cancellationToken)
        {
            var uri = new Uri(http.BaseAddress!, path);
            using var request = new HttpRequestMessage(method, uri);
            if (form is not null)
            {
                request.Content = new FormUrlEncodedContent(form);
            }

            if (_cookies.GetCookieHeader(uri) is { Length: > 0 } cookies)
            {
                request.Headers.Add("Cookie", cookies);
            }

            using var response = await http.SendAsync(request, cancellationToken).ConfigureAwait(false);
            if (response.Headers.TryGetValues("Set-Cookie", out var setCookies))
            {
                foreach (var setCookie in setCookies)
                {
                    _cookies.SetCookies(uri, setCookie);
                }
            }

            var status = (int)response.StatusCode;
            return status is >= 200 and < 300 ? await response.Content.ReadAsStringAsync(cancellationToken).ConfigureAwait(false) : null;
        }
    }
}
