using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;
using OpenFeature;
using OpenFeatureAppConfig.AppConfiguration;
using OpenFeatureAppConfig.Emulator;
using OpenFeatureAppConfig.Hosting.Tests.Support;

namespace OpenFeatureAppConfig.Hosting.Tests;

/// <summary>MapAppConfigurationEvents: Event Grid validation handshakes and push-triggered refresh.</summary>
[Parallelizable(ParallelScope.All)]
public sealed class PushEndpointTests
{
    private const string Path = "/appconfig/events";

    [Test]
    public async Task Event_grid_subscription_validation_is_answered_with_the_code()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await using var app = await StartAsync(emulator);
        using var http = app.CreateClient();

        using var response = await PostAsync(http, """
            [{"id":"1","topic":"/subscriptions/x","subject":"","eventType":"Microsoft.EventGrid.SubscriptionValidationEvent",
              "data":{"validationCode":"512d38b6-c7b8-40c8-89fe-f46f9e9622b6","validationUrl":"https://example.invalid"},
              "dataVersion":"1","eventTime":"2026-01-01T00:00:00Z"}]
            """);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        var body = await response.Content.ReadFromJsonAsync<JsonObject>();
        Assert.That((string?)body!["validationResponse"], Is.EqualTo("512d38b6-c7b8-40c8-89fe-f46f9e9622b6"));
    }

    [Test]
    public async Task CloudEvents_abuse_protection_handshake_allows_the_origin()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await using var app = await StartAsync(emulator);
        using var http = app.CreateClient();

        using var request = new HttpRequestMessage(HttpMethod.Options, Path);
        request.Headers.Add("WebHook-Request-Origin", "eventgrid.azure.net");
        using var response = await http.SendAsync(request);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That(response.Headers.GetValues("WebHook-Allowed-Origin").Single(), Is.EqualTo("eventgrid.azure.net"));

        using var missing = await http.SendAsync(new HttpRequestMessage(HttpMethod.Options, Path));
        Assert.That(missing.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
    }

    [TestCase(false)]
    [TestCase(true)]
    public async Task Key_value_modified_event_refreshes_at_once_with_its_sync_token(bool cloudEvents)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await emulator.SetFeatureFlagAsync(Flags.Boolean("Beta", false));
        await using var app = await StartAsync(emulator);
        var client = app.Services.GetRequiredService<IFeatureClient>();
        Assert.That(await client.GetBooleanValueAsync("Beta", true), Is.False);

        var store = new AppConfigurationClient(emulator.ConnectionString);
        var written = await store.SetConfigurationSettingAsync(new ConfigurationSetting(".appconfig.featureflag/Beta", Flags.Boolean("Beta", true))
        {
            ContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8",
        });
        Assert.That(written.GetRawResponse().Headers.TryGetValue("Sync-Token", out var syncToken), Is.True);

        var subject = new Uri(emulator.Endpoint, "/kv/.appconfig.featureflag%2FBeta").ToString();
        var data = $$"""{"key":".appconfig.featureflag/Beta","etag":"e","syncToken":"{{syncToken}}"}""";
        var body = cloudEvents
            ? $$"""{"specversion":"1.0","type":"Microsoft.AppConfiguration.KeyValueModified","source":"/subscriptions/x","id":"2","subject":"{{subject}}","data":{{data}}}"""
            : $$"""[{"id":"2","topic":"/subscriptions/x","subject":"{{subject}}","eventType":"Microsoft.AppConfiguration.KeyValueModified","data":{{data}},"dataVersion":"1"}]""";
        using var http = app.CreateClient();
        using var response = await PostAsync(http, body);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.OK));
        Assert.That((int?)(await response.Content.ReadFromJsonAsync<JsonObject>())!["accepted"], Is.EqualTo(1));

        // The refresh interval is an hour: only the push can make this visible.
        Assert.That(await Eventually.TrueAsync(() => client.GetBooleanValueAsync("Beta", false)), Is.True);
    }

    [Test]
    public async Task Events_of_another_store_are_ignored_and_bad_events_are_400s()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        await using var app = await StartAsync(emulator);
        using var http = app.CreateClient();

        using (var other = await PostAsync(http, """[{"subject":"https://other.azconfig.io/kv/x","eventType":"Microsoft.AppConfiguration.KeyValueModified","data":{"syncToken":"a=b;sn=1"}}]"""))
        {
            Assert.That(other.StatusCode, Is.EqualTo(HttpStatusCode.OK));
            Assert.That((int?)(await other.Content.ReadFromJsonAsync<JsonObject>())!["accepted"], Is.EqualTo(0));
        }

        foreach (var (body, expected) in new[]
                 {
                     ("not json", "not JSON"),
                     ("42", "event or an array"),
                     ("""[{"eventType":"Microsoft.AppConfiguration.KeyValueModified","data":{}}]""", "syncToken"),
                     ("""[{"eventType":"Microsoft.EventGrid.SubscriptionValidationEvent","data":{}}]""", "validationCode"),
                 })
        {
            using var response = await PostAsync(http, body);
            Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest), body);
            Assert.That(await response.Content.ReadAsStringAsync(), Does.Contain(expected), body);
        }
    }

    private static Task<TestApp> StartAsync(AppConfigurationEmulator emulator) =>
        TestApp.StartAsync(
            new Dictionary<string, string?>
            {
                ["ConnectionStrings:AppConfig"] = emulator.ConnectionString,
                ["FeatureFlags:RefreshInterval"] = "01:00:00",
            },
            configurePipeline: app => app.MapAppConfigurationEvents(Path));

    private static Task<HttpResponseMessage> PostAsync(HttpClient http, string body) =>
        http.PostAsync(Path, new StringContent(body, Encoding.UTF8, "application/json"));
}
