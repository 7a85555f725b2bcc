using System.Net;
using System.Text.Json.Nodes;
using Microsoft.Extensions.DependencyInjection;
using OpenFeatureAppConfig.Samples.WebApp.Flags;

namespace OpenFeatureAppConfig.WebApp.Tests;

/// <summary>The sample's pages and minimal API on its embedded emulator, through WebApplicationFactory.</summary>
public sealed class SamplePageTests
{
    [Test]
    public async Task The_home_page_shows_the_stores_value_over_appsettings_and_names_the_store()
    {
        await using var factory = await SampleFactory.StartAsync();
        using var client = factory.CreateClient();

        var home = await client.GetStringAsync("/");

        Assert.That(home, Does.Contain("Welcome (from App Configuration)"), "App Configuration wins over appsettings.json");
        Assert.That(home, Does.Contain("the store configured by ConnectionStrings:AppConfig").And.Not.Contain("portal-link"));
    }

    [Test]
    public async Task The_hosts_own_settings_win_over_the_store()
    {
        // WebApplicationFactory hands settings to the sample as command-line arguments, which sit with the
        // environment variables above App Configuration.
        await using var factory = await SampleFactory.StartAsync(new Dictionary<string, string?> { ["Sample:Banner"] = "Welcome (from the command line)" });
        using var client = factory.CreateClient();

        Assert.That(await client.GetStringAsync("/"), Does.Contain("Welcome (from the command line)"));
    }

    [Test]
    public async Task The_checkout_switches_to_the_new_one_within_the_refresh_interval_of_a_toggle()
    {
        await using var factory = await SampleFactory.StartAsync();
        using var client = factory.CreateClient();
        Assert.That(await client.GetStringAsync("/checkout"), Does.Contain("data-checkout=\"classic\""));

        var store = factory.Store;
        var flag = EmbeddedFlagStore.ReadSampleFlags().Single(f => (string?)f["id"] == "new_checkout");
        flag["enabled"] = true;
        await store.Emulator.SetFeatureFlagAsync(flag.ToJsonString());

        // The background refresh runs every second; allow generous slack for a loaded machine.
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(20));
        string page;
        while (!(page = await client.GetStringAsync("/checkout", timeout.Token)).Contains("data-checkout=\"new\"", StringComparison.Ordinal))
        {
            await Task.Delay(250, timeout.Token);
        }

        Assert.That(page, Does.Contain("The new checkout"));
    }

    [Test]
    public async Task The_minimal_API_answers_the_variant_for_the_signed_in_user()
    {
        await using var factory = await SampleFactory.StartAsync();
        using var client = factory.CreateClient();
        await SampleFactory.SignInAsync(client, "alice");

        var flags = JsonNode.Parse(await client.GetStringAsync("/api/flags"))!;

        Assert.Multiple(() =>
        {
            Assert.That((string?)flags["user"], Is.EqualTo("alice"));
            Assert.That((string?)flags["button_color"], Is.EqualTo("orange"));
            Assert.That((bool?)flags["beta_dashboard"], Is.True);
            Assert.That((bool?)flags["new_checkout"], Is.False);
        });
    }

    [Test]
    public async Task OFREP_exposes_the_sample_flags_with_the_same_answers_as_the_pages()
    {
        await using var factory = await SampleFactory.StartAsync();
        using var client = factory.CreateClient();

        using var response = await client.PostAsync("/ofrep/v1/evaluate/flags/button_color", JsonContent("""{"context":{"targetingKey":"alice"}}"""));

        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;
        Assert.That((string?)body["value"], Is.EqualTo("orange"));
    }

    [Test]
    public async Task With_a_flags_file_the_sample_reads_local_JSON_instead_of_starting_an_emulator()
    {
        var file = Path.Combine(Path.GetTempPath(), $"sample-flags-{Guid.NewGuid():N}.json");
        await File.WriteAllTextAsync(file, """{"feature_management":{"feature_flags":[{"id":"new_checkout","enabled":true}]}}""");
        try
        {
            await using var factory = SampleFactory.WithSettings(new Dictionary<string, string?> { ["flags"] = file });
            using var client = factory.CreateClient();

            Assert.That(await client.GetStringAsync("/checkout"), Does.Contain("data-checkout=\"new\""));
            Assert.That(await client.GetStringAsync("/"), Does.Contain("the local JSON file").And.Not.Contain("portal-link"));
            Assert.That(factory.Services.GetService<EmbeddedFlagStore>(), Is.Null);
        }
        finally
        {
            File.Delete(file);
        }
    }

    private static StringContent JsonContent(string json) => new(json, System.Text.Encoding.UTF8, "application/json");
}
