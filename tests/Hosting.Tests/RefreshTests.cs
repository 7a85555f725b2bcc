using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using OpenFeature;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>Refresh without anyone calling it: background service in any host, and requests that never wait.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class RefreshTests
{
    [Test]
    public async Task Worker_host_sees_a_toggle_through_the_background_refresh()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", false));

        using var host = await WorkerHost.StartAsync(emulator.ConnectionString);
        try
        {
            // Resolved into a singleton-like holder, as a background service would.
            var client = host.Services.GetRequiredService<IFeatureClient>();
            Assert.That(await client.GetBooleanValueAsync("Beta", true), Is.False);

            await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", true));
            Assert.That(await Eventually.TrueAsync(() => client.GetBooleanValueAsync("Beta", false)), Is.True);

            await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", false));
            Assert.That(await Eventually.TrueAsync(async () => !await client.GetBooleanValueAsync("Beta", true)), Is.True);
        }
        finally
        {
            await host.StopAsync();
        }
    }

    [Test]
    public async Task Requests_trigger_a_refresh_but_never_wait_for_a_slow_store()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", false));
        await using var app = await TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:AppConfig"] = emulator.ConnectionString,
                ["FeatureFlags:RefreshInterval"] = "00:00:01",
            },
            configurePipeline: app =>
            {
                app.UseFeatureFlagRefresh();
                app.MapGet("/beta", async (IFeatureClient client) => (await client.GetBooleanValueAsync("Beta", false)).ToString());
            });
        using var http = app.CreateClient();
        Assert.That(await http.GetStringAsync("/beta"), Is.EqualTo("False"));

        // The store now takes longer than the test's whole budget to answer; requests must still be served.
        emulator.Faults.Latency = TimeSpan.FromMinutes(5);
        await Task.Delay(TimeSpan.FromSeconds(1.5));
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        for (var i = 0; i < 5; i++)
        {
            using var response = await http.GetAsync("/beta", timeout.Token);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        }

        emulator.Faults.Latency = TimeSpan.Zero;
    }
}
