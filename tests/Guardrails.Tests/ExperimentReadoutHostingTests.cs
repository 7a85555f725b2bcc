using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenFeature;
using OpenFeature.Hosting.Providers.Memory;
using OpenFeature.Model;
using OpenFeature.Providers.Memory;
using OpenFeatureAppConfig.Guardrails.Internal;
using OpenFeatureAppConfig.Guardrails.Tests.Support;

namespace OpenFeatureAppConfig.Guardrails.Tests;

/// <summary>
/// The wiring an app uses: the hook added through OpenFeature's dependency-injection builder (<c>of.AddHook</c>, so
/// on the container's own <see cref="Api"/>, not <see cref="Api.Instance"/>), the client from dependency injection,
/// the user in that API's transaction context: exposures and conversions still reach the readout.
/// </summary>
[TestFixture]
public sealed class ExperimentReadoutHostingTests
{
    [Test]
    public async Task A_hook_added_with_OpenFeature_hosting_is_found_by_TrackWithVariants()
    {
        var builder = LoopbackApp.CreateBuilder();
        builder.Services.AddExperimentReadouts(o => o.Add(ExperimentTestApp.Flag, ExperimentTestApp.Event, "blue"));
        builder.Services.AddOpenFeature(of =>
        {
            of.AddInMemoryProvider(_ => new Dictionary<string, Flag>
            {
                [ExperimentTestApp.Flag] = new Flag<string>(ExperimentTestApp.Variants.ToDictionary(v => v, v => v), "blue", c => ExperimentTestApp.VariantOf(c.TargetingKey)),
            });
            of.AddHook(sp => sp.GetRequiredService<ExperimentExposureHook>());
        });
        await using var app = builder.Build();
        // The container's own API (AddOpenFeature registers one; it is not Api.Instance), as UseFeatureFlagTargeting uses it.
        var api = app.Services.GetRequiredService<Api>();
        api.SetTransactionContextPropagator(new AsyncLocalTransactionContextPropagator());
        app.MapGet("/buy", async (string user, IFeatureClient client) =>
        {
            api.SetTransactionContext(EvaluationContext.Builder().SetTargetingKey(user).Build());
            var variant = (await client.GetStringDetailsAsync(ExperimentTestApp.Flag, "blue")).Variant;
            client.TrackWithVariants(ExperimentTestApp.Event);
            return variant;
        });
        app.MapExperimentReadouts();
        await app.StartAsync();
        try
        {
            using var http = new HttpClient { BaseAddress = LoopbackApp.AddressOf(app) };
            var shown = new List<string>();
            foreach (var user in Enumerable.Range(0, 12))
            {
                shown.Add(await http.GetStringAsync($"/buy?user=h{user}"));
            }

            var variants = JsonNode.Parse(await http.GetStringAsync("/experiments/button_color"))!["variants"]!.AsArray();
            Assert.That(variants.Select(v => ((string?)v!["variant"], (long?)v["exposures"], (long?)v["conversions"])), Is.EquivalentTo(
                shown.Distinct().Select(variant => ((string?)variant, (long?)shown.Count(s => s == variant), (long?)shown.Count(s => s == variant)))));
        }
        finally
        {
            await app.StopAsync();
        }
    }

    [Test]
    public void A_disposed_apps_readout_takes_no_more_conversions()
    {
        var services = new ServiceCollection().AddExperimentReadouts(o => o.Add("f", "purchase", "a"));
        var provider = services.BuildServiceProvider();
        var recorder = provider.GetRequiredService<ExperimentRecorder>();
        Assert.That(LiveExperimentRecorders.All, Does.Contain(recorder));

        provider.Dispose();

        Assert.That(LiveExperimentRecorders.All, Does.Not.Contain(recorder));
    }
}
