using System.Net;
using System.Text.Json.Nodes;

namespace OpenFeatureAppConfig.WebApp.Tests;

/// <summary>
/// The <c>button_color</c> experiment of the sample: three variants split by percentile, and the purchase as a
/// <c>Track</c> event counted per variant on <c>/metrics</c> (the OpenTelemetry Prometheus exporter).
/// </summary>
public sealed class SampleExperimentTests
{
    [Test]
    public async Task A_purchase_is_a_purchase_event_counted_per_variant_on_metrics()
    {
        await using var factory = await SampleFactory.StartAsync();
        using var client = factory.CreateClient();
        await SampleFactory.SignInAsync(client, "alice"); // orange, by name

        var checkout = await client.GetStringAsync("/checkout");
        using var purchase = await client.PostAsync("/checkout/purchase", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SampleFactory.AntiforgeryToken().Match(checkout).Groups[1].Value,
        }));

        Assert.That(purchase.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(await purchase.Content.ReadAsStringAsync(), Does.Contain("id=\"purchased\""));
        var metrics = await client.GetStringAsync("/metrics");
        Assert.Multiple(() =>
        {
            Assert.That(Tracks(metrics, "button_color", "orange"), Is.EqualTo(1), metrics);
            Assert.That(Tracks(metrics, "new_checkout", "false"), Is.EqualTo(1), metrics);
            Assert.That(Tracks(metrics, "button_color", "blue"), Is.Null, "only the variant the buyer saw");
        });
    }

    [Test]
    public async Task The_experiment_readout_counts_each_buyer_once_in_the_colour_they_saw()
    {
        await using var factory = await SampleFactory.StartAsync();
        using var alice = factory.CreateClient();
        await SampleFactory.SignInAsync(alice, "alice"); // orange, by name
        await PurchaseAsync(alice);
        await PurchaseAsync(alice); // the same user again: still one conversion
        using var bob = factory.CreateClient();
        await SampleFactory.SignInAsync(bob, "bob");
        await bob.GetStringAsync("/checkout"); // seen, not bought

        // Bob's colour, asked for without enrolling anyone new (bob is enrolled already).
        using var bobsAnswer = await bob.PostAsync("/ofrep/v1/evaluate/flags/button_color",
            new StringContent("{\"context\":{\"targetingKey\":\"bob\"}}", System.Text.Encoding.UTF8, "application/json"));
        var bobs = (string)JsonNode.Parse(await bobsAnswer.Content.ReadAsStringAsync())!["variant"]!;

        var readout = JsonNode.Parse(await alice.GetStringAsync("/experiments/button_color"))!;
        var variants = readout["variants"]!.AsArray().ToDictionary(v => (string)v!["variant"]!, v => v!);
        long Count(string variant, string field) => variants.TryGetValue(variant, out var v) ? (long)v[field]! : 0;
        Assert.Multiple(() =>
        {
            Assert.That((string)readout["flag"]!, Is.EqualTo("button_color"));
            Assert.That(variants.Keys, Is.SubsetOf(new[] { "blue", "green", "orange" }));
            Assert.That(Count("orange", "conversions"), Is.EqualTo(1), "alice bought twice: one converted user");
            Assert.That(variants.Sum(v => (long)v.Value["conversions"]!), Is.EqualTo(1), "bob bought nothing");
            Assert.That(Count("orange", "exposures"), Is.EqualTo(bobs == "orange" ? 2 : 1));
            Assert.That(Count(bobs, "exposures"), Is.GreaterThanOrEqualTo(1), "bob is counted in his colour");
            Assert.That(variants.Sum(v => (long)v.Value["exposures"]!), Is.EqualTo(2), "alice and bob, each once");
        });
    }

    private static async Task PurchaseAsync(HttpClient client)
    {
        var checkout = await client.GetStringAsync("/checkout");
        using var purchase = await client.PostAsync("/checkout/purchase", new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["__RequestVerificationToken"] = SampleFactory.AntiforgeryToken().Match(checkout).Groups[1].Value,
        }));
        Assert.That(purchase.StatusCode, Is.EqualTo(HttpStatusCode.OK));
    }

    [Test]
    public async Task A_purchase_without_the_antiforgery_token_is_refused_and_not_counted()
    {
        await using var factory = await SampleFactory.StartAsync();
        using var client = factory.CreateClient();

        using var purchase = await client.PostAsync("/checkout/purchase", new FormUrlEncodedContent([]));

        Assert.That(purchase.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        Assert.That(await client.GetStringAsync("/metrics"), Does.Not.Contain("openfeatureappconfig_flag_tracks_total"));
    }

    [Test]
    public async Task Button_color_splits_users_between_three_variants_and_keeps_each_user_on_one()
    {
        await using var factory = await SampleFactory.StartAsync();
        using var client = factory.CreateClient();
        const int users = 600;

        var counts = new Dictionary<string, int>();
        for (var user = 0; user < users; user++)
        {
            var variant = await VariantAsync(client, $"user-{user}");
            counts[variant] = counts.GetValueOrDefault(variant) + 1;
            if (user % 100 == 0)
            {
                Assert.That(await VariantAsync(client, $"user-{user}"), Is.EqualTo(variant), "a user keeps their variant");
            }
        }

        // 34 %, 33 %, 33 % of the users, each within four standard deviations (about 7.7 points at 600 users).
        Assert.That(counts.Keys, Is.EquivalentTo(new[] { "blue", "green", "orange" }));
        Assert.That(counts.Values, Has.All.InRange(users * 0.25, users * 0.42), string.Join(", ", counts));
    }

    private static async Task<string> VariantAsync(HttpClient client, string user)
    {
        using var response = await client.PostAsync("/ofrep/v1/evaluate/flags/button_color",
            new StringContent(new JsonObject { ["context"] = new JsonObject { ["targetingKey"] = user } }.ToJsonString(), System.Text.Encoding.UTF8, "application/json"));
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        return (string)JsonNode.Parse(await response.Content.ReadAsStringAsync())!["variant"]!;
    }

    private static double? Tracks(string metrics, string flag, string variant)
    {
        var line = metrics.Split('\n').FirstOrDefault(line => line.StartsWith("openfeatureappconfig_flag_tracks_total{", StringComparison.Ordinal)
            && line.Contains($"feature_flag_key=\"{flag}\"", StringComparison.Ordinal)
            && line.Contains($"feature_flag_result_variant=\"{variant}\"", StringComparison.Ordinal)
            && line.Contains("feature_flag_track_name=\"purchase\"", StringComparison.Ordinal));
        return line is null ? null : double.Parse(line.Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
    }
}
