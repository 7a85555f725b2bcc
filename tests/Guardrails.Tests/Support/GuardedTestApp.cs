using System.Globalization;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using OpenFeature;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;
using OpenTelemetry.Metrics;

namespace OpenFeatureAppConfig.Guardrails.Tests.Support;

/// <summary>
/// A real ASP.NET Core app on a free loopback port with the flag-aware metrics and the OpenTelemetry Prometheus
/// exporter on <c>/metrics</c>. <c>GET /checkout?user=N</c> evaluates <c>new_checkout</c> (users with an even
/// number get the treatment, variant <c>true</c>, as our provider tags an on/off flag) and the untracked
/// <c>other_flag</c>; every <see cref="TreatmentFailureEvery"/>-th treated request (and every
/// <see cref="ControlFailureEvery"/>-th control request) fails with a 500. <c>GET /throw?user=N</c> evaluates and throws; <c>GET /purchase?user=N</c> evaluates and tracks <c>purchase</c>.
/// </summary>
internal sealed class GuardedTestApp : IAsyncDisposable
{
    public const string Flag = "new_checkout";

    private readonly WebApplication _app;
    private int _treated;
    private int _controls;

    private GuardedTestApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    public IServiceProvider Services => _app.Services;

    /// <summary>0: the treatment never fails; n: every n-th treated request fails.</summary>
    public int TreatmentFailureEvery { get; set; }

    /// <summary>0: the control never fails; n: every n-th control request fails.</summary>
    public int ControlFailureEvery { get; set; }

    /// <summary>Runs inside each checkout with whether it is treated (e.g. to advance a fake clock: a slow request).</summary>
    public Action<bool>? DuringCheckout { get; set; }

    public static async Task<GuardedTestApp> StartAsync(Action<IServiceCollection>? configure = null, Action<WebApplicationBuilder>? configureBuilder = null)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        configureBuilder?.Invoke(builder);
        builder.Services.AddFlagAwareMetrics(options => options.Flags.Add(Flag));
        configure?.Invoke(builder.Services);
        builder.Services.AddOpenTelemetry().WithMetrics(metrics => metrics
            .AddFlagAwareMetrics()
            .AddPrometheusExporter(options => options.ScrapeResponseCacheDurationMilliseconds = 0));
        var app = builder.Build();

        // A domain of its own, so tests in parallel never share a provider or hooks.
        var domain = "guardrails-test-" + Guid.NewGuid().ToString("N");
        var provider = new InMemoryProvider(new Dictionary<string, OpenFeature.Providers.Memory.Flag>
        {
            [Flag] = new Flag<bool>(new Dictionary<string, bool> { ["true"] = true, ["false"] = false }, "false",
                context => IsTreated(context.TargetingKey) ? "true" : "false"),
            ["other_flag"] = new Flag<bool>(new Dictionary<string, bool> { ["on"] = true }, "on"),
        });
        await Api.Instance.SetProviderAsync(domain, provider);
        var client = Api.Instance.GetClient(domain);
        client.AddHooks(app.Services.GetRequiredService<FlagAwareMetricsHook>());

        GuardedTestApp? self = null;
        app.UseFlagAwareMetrics();
        app.MapGet("/checkout", async (string user) =>
        {
            var context = EvaluationContext.Builder().SetTargetingKey(user).Build();
            var treated = await client.GetBooleanValueAsync(Flag, false, context);
            await client.GetBooleanValueAsync("other_flag", false, context);
            self!.DuringCheckout?.Invoke(treated);
            return self.Fails(treated) ? Results.StatusCode(500) : Results.Text(treated ? "new checkout" : "old checkout");
        });
        app.MapGet("/throw", async (string user) =>
        {
            await client.GetBooleanValueAsync(Flag, false, EvaluationContext.Builder().SetTargetingKey(user).Build());
            throw new InvalidOperationException("a bug in the handler");
        });
        app.MapGet("/purchase", async (string user) =>
        {
            var context = EvaluationContext.Builder().SetTargetingKey(user).Build();
            await client.GetBooleanValueAsync(Flag, false, context);
            client.TrackWithVariants("purchase", context);
            return "thanks";
        });
        app.MapGet("/untracked", async () => await client.GetBooleanValueAsync("other_flag", false) ? "on" : "off");
        app.MapPrometheusScrapingEndpoint();
        await app.StartAsync();

        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        self = new GuardedTestApp(app, new Uri(address));
        return self;
    }

    public static bool IsTreated(string? user) => int.TryParse(user, NumberStyles.Integer, CultureInfo.InvariantCulture, out var n) && n % 2 == 0;

    /// <summary>Sends <paramref name="count"/> checkouts from users <paramref name="firstUser"/>, <paramref name="firstUser"/> + 1, ... (half treated).</summary>
    public async Task SendCheckoutsAsync(int firstUser, int count)
    {
        for (var user = firstUser; user < firstUser + count; user++)
        {
            using var response = await Http.GetAsync($"/checkout?user={user}");
        }
    }

    public async Task<string> ScrapeAsync() => await Http.GetStringAsync("/metrics");

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private bool Fails(bool treated)
    {
        var every = treated ? TreatmentFailureEvery : ControlFailureEvery;
        var n = treated ? Interlocked.Increment(ref _treated) : Interlocked.Increment(ref _controls);
        return every > 0 && n % every == 0;
    }
}
