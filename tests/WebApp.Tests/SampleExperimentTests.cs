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
