using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Samples.WebApp.Flags;

namespace OpenFeatureAppConfig.WebApp.Tests;

/// <summary>
/// One malformed flag in the store (a <c>Microsoft.TimeWindow</c> start that is not a date, on the flag the layout's
/// <c>&lt;feature&gt;</c> tag uses) must not take the pages down: they answer 200, the gate treats the flag as
/// disabled, and health says Degraded naming the flag.
/// </summary>
public sealed class MalformedFlagTests
{
    [Test]
    public async Task Pages_still_answer_the_gate_treats_the_flag_as_disabled_and_health_names_it()
    {
        // The emulator's validator would refuse the flag (as the Azure portal does); the product must cope anyway.
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { ValidateFeatureFlags = false });
        foreach (var flag in EmbeddedFlagStore.ReadSampleFlags())
        {
            if ((string?)flag["id"] == "beta_dashboard")
            {
                flag["conditions"] = JsonNode.Parse("""{"client_filters":[{"name":"Microsoft.TimeWindow","parameters":{"Start":"garbage"}}]}""");
            }

            await emulator.SetFeatureFlagAsync(flag.ToJsonString());
        }

        await using var factory = SampleFactory.WithSettings(new Dictionary<string, string?> { ["ConnectionStrings:AppConfig"] = emulator.ConnectionString });
        using var client = factory.CreateClient();

        foreach (var page in new[] { "/", "/checkout", "/account/signin" })
        {
            using var response = await client.GetAsync(page);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK), page);
        }

        await SampleFactory.SignInAsync(client, "alice");
        Assert.That(await client.GetStringAsync("/"), Does.Not.Contain("id=\"beta-link\""), "<feature> hides the link");
        using (var beta = await client.GetAsync("/beta"))
        {
            Assert.That(beta.StatusCode, Is.EqualTo(HttpStatusCode.Forbidden), "[FeatureGate] answers the disabled response");
        }

        var health = (await factory.Services.GetRequiredService<HealthCheckService>().CheckHealthAsync()).Entries["feature_flags"];
        Assert.That(health.Status, Is.EqualTo(HealthStatus.Degraded), health.Description);
        Assert.That(health.Description, Does.Contain("beta_dashboard"));
        using var probe = await client.GetAsync("/healthz/ready");
        Assert.That((int)probe.StatusCode, Is.EqualTo(200), "Degraded still takes traffic");
    }
}
