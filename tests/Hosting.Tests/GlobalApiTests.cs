using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenFeature;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>UseGlobalApi: Api.Instance serves the container's provider and per-request context. Uses the process-wide API.</summary>
[NonParallelizable]
public sealed class GlobalApiTests
{
    [Test]
    public async Task Api_instance_and_the_injected_client_both_target_the_request_user_and_stop_cleanly()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Targeted("Beta", 0, users: ["alice"]));
        var app = await TestApp.StartAsync(
            new Dictionary<string, string?> { ["ConnectionStrings:AppConfig"] = emulator.ConnectionString },
            configureServices: HeaderAuthentication.AddTo,
            configurePipeline: web =>
            {
                web.MapGet("/global", async () => (await Api.Instance.GetClient().GetBooleanValueAsync("Beta", false)).ToString());
                web.MapGet("/injected", async (IFeatureClient client) => (await client.GetBooleanValueAsync("Beta", false)).ToString());
            },
            configureOpenFeature: of => of.UseGlobalApi());
        try
        {
            Assert.That(app.Services.GetRequiredService<Api>(), Is.SameAs(Api.Instance));
            Assert.That(Api.Instance.GetProviderMetadata()?.Name, Is.EqualTo("Microsoft.FeatureManagement"));
            using var http = app.CreateClient();
            foreach (var path in new[] { "/global", "/injected" })
            {
                Assert.That(await TargetingTests.GetAsync(http, path, userId: "alice"), Is.EqualTo("True"), path);
                Assert.That(await TargetingTests.GetAsync(http, path, userId: "bob"), Is.EqualTo("False"), path);
            }

            // No request, no user: the transaction context of one request does not leak into another flow.
            Assert.That(Api.Instance.GetTransactionContext().TargetingKey, Is.Null);
        }
        finally
        {
            await app.DisposeAsync();
        }

        Assert.That(Api.Instance.GetProviderMetadata()?.Name, Is.Not.EqualTo("Microsoft.FeatureManagement"), "the provider is shut down and detached at stop");
    }
}
