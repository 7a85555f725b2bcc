using System.Net;
using System.Text;

namespace OpenFeatureAppConfig.WebApp.Tests;

/// <summary>The sample's Event Grid endpoint requires the webhook key from configuration.</summary>
public sealed class SamplePushTests
{
    private const string Key = "sample-webhook-key-0123456789";
    private const string Handshake = """
        [{"id":"1","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{"validationCode":"abc"}}]
        """;

    [Test]
    public async Task The_push_endpoint_answers_only_with_the_configured_key()
    {
        await using var factory = await SampleFactory.StartAsync(new Dictionary<string, string?> { ["Sample:EventGridKey"] = Key });
        using var client = factory.CreateClient();

        Assert.Multiple(async () =>
        {
            Assert.That(await PostAsync(client, "/appconfig/events"), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await PostAsync(client, "/appconfig/events?key=wrong"), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await PostAsync(client, $"/appconfig/events?key={Key}&key={Key}"), Is.EqualTo(HttpStatusCode.Unauthorized));
            Assert.That(await PostAsync(client, $"/appconfig/events?key={Key}"), Is.EqualTo(HttpStatusCode.OK));
        });
    }

    [Test]
    public async Task Without_a_configured_key_there_is_no_push_endpoint()
    {
        await using var factory = await SampleFactory.StartAsync();
        using var client = factory.CreateClient();

        Assert.That(await PostAsync(client, "/appconfig/events?key="), Is.EqualTo(HttpStatusCode.NotFound));
    }

    private static async Task<HttpStatusCode> PostAsync(HttpClient client, string url)
    {
        using var response = await client.PostAsync(url, new StringContent(Handshake, Encoding.UTF8, "application/json"));
        return response.StatusCode;
    }
}
