using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenFeature;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;

namespace OpenFeatureAppConfig.Guardrails.Tests.Support;

/// <summary>
/// A real ASP.NET Core app on a free loopback port running the sample's experiment: <c>button_color</c> with the
/// variants <c>blue</c> (control), <c>green</c> and <c>orange</c>, a third of the users each (by a hash of the
/// targeting key). <c>GET /view?user=u</c> evaluates it and answers the variant (no <c>user</c>: no targeting key);
/// <c>GET /track?user=u&amp;event=purchase</c> tracks the event with <see cref="FlagAwareTracking.TrackWithVariants"/>
/// without evaluating anything; <c>/view-as</c> and <c>/track-as</c> do the same with the user in OpenFeature's
/// transaction context instead of the call's context. The readouts are mapped only by the test's <c>map</c>.
/// </summary>
internal sealed class ExperimentTestApp : IAsyncDisposable
{
    public const string Flag = "button_color";
    public const string Event = "purchase";
    public static readonly string[] Variants = ["blue", "green", "orange"];

    private readonly WebApplication _app;

    private ExperimentTestApp(WebApplication app, Uri address)
    {
        _app = app;
        Address = address;
        Http = new HttpClient { BaseAddress = address };
    }

    public Uri Address { get; }

    public HttpClient Http { get; }

    /// <param name="map">Maps the readouts (or not), after <paramref name="pipeline"/>.</param>
    /// <param name="services">More services (authentication, CORS, ...).</param>
    /// <param name="pipeline">Middleware before the endpoints (UseCors, UseAuthentication, ...).</param>
    /// <param name="options">The experiments' options after the test's experiment is added.</param>
    public static async Task<ExperimentTestApp> StartAsync(
        Action<WebApplication>? map = null,
        Action<IServiceCollection>? services = null,
        Action<WebApplication>? pipeline = null,
        Action<ExperimentReadoutOptions>? options = null)
    {
        var builder = LoopbackApp.CreateBuilder();
        builder.Services.AddExperimentReadouts(o =>
        {
            o.Add(Flag, Event, controlVariant: "blue");
            options?.Invoke(o);
        });
        services?.Invoke(builder.Services);
        var app = builder.Build();

        // A domain of its own, so tests in parallel never share a provider or hooks.
        var domain = "readout-test-" + Guid.NewGuid().ToString("N");
        var provider = new InMemoryProvider(new Dictionary<string, OpenFeature.Providers.Memory.Flag>
        {
            [Flag] = new Flag<string>(Variants.ToDictionary(v => v, v => v), "blue", context => VariantOf(context.TargetingKey)),
        });
        await Api.Instance.SetProviderAsync(domain, provider);
        var client = Api.Instance.GetClient(domain);
        client.AddHooks(app.Services.GetRequiredService<ExperimentExposureHook>());

        pipeline?.Invoke(app);
        app.MapGet("/view", async (string? user) =>
        {
            var context = user is null ? EvaluationContext.Empty : EvaluationContext.Builder().SetTargetingKey(user).Build();
            return (await client.GetStringDetailsAsync(Flag, "none", context)).Variant;
        });
        app.MapGet("/track", (string user, string @event) =>
        {
            client.TrackWithVariants(@event, EvaluationContext.Builder().SetTargetingKey(user).Build());
            return Results.NoContent();
        });
        // As UseFeatureFlagTargeting does: the user in OpenFeature's transaction context, no context on the calls.
        Api.Instance.SetTransactionContextPropagator(new AsyncLocalTransactionContextPropagator());
        app.MapGet("/view-as", async (string user) =>
        {
            Api.Instance.SetTransactionContext(EvaluationContext.Builder().SetTargetingKey(user).Build());
            return (await client.GetStringDetailsAsync(Flag, "none")).Variant;
        });
        app.MapGet("/track-as", (string user, string @event) =>
        {
            Api.Instance.SetTransactionContext(EvaluationContext.Builder().SetTargetingKey(user).Build());
            client.TrackWithVariants(@event);
            return Results.NoContent();
        });
        map?.Invoke(app);
        await app.StartAsync();

        return new ExperimentTestApp(app, LoopbackApp.AddressOf(app));
    }

    /// <summary>The variant the provider gives <paramref name="user"/>: a third each, by a stable hash.</summary>
    public static string VariantOf(string? user) =>
        user is null ? "blue" : Variants[user.Aggregate(2166136261u, (hash, c) => (hash ^ c) * 16777619u) % 3];

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }
}
