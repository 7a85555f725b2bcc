using System.Net;
using System.Text.Json;
using OpenFeatureAppConfig.Emulator.Tests.Support;

namespace OpenFeatureAppConfig.Emulator.Tests.FeatureFlags;

public class FeatureFlagPutTests
{
    private const string FlagContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8";

    private const string FullFlag = """
        {"id":"Beta","description":"","display_name":"Beta","enabled":true,
         "conditions":{"requirement_type":"Any","client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{"Users":["alice"],"Groups":[{"Name":"beta","RolloutPercentage":50}],"DefaultRolloutPercentage":10,"Exclusion":{"Users":[],"Groups":[]}}}}]},
         "variants":[{"name":"On","configuration_value":true},{"name":"Off","configuration_value":false,"status_override":"Disabled"}],
         "allocation":{"default_when_enabled":"On","default_when_disabled":"Off","user":[{"variant":"On","users":["alice"]}],"group":[{"variant":"On","groups":["beta"]}],"percentile":[{"variant":"On","from":0,"to":50}],"seed":"s1"},
         "telemetry":{"enabled":true,"metadata":{}}}
        """;

    [Test]
    public async Task A_valid_v2_flag_is_stored()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        var stored = await client.PutOkAsync(".appconfig.featureflag/Beta", FullFlag, contentType: FlagContentType);
        Assert.That(JsonDocument.Parse(stored.GetProperty("value").GetString()!).RootElement.GetProperty("id").GetString(), Is.EqualTo("Beta"));
    }

    [TestCase("""{"id":"Beta","enabled":"yes"}""", "enabled")]
    [TestCase("""{"enabled":true}""", "id")]
    [TestCase("""{"id":"Other","enabled":true}""", "id")]
    [TestCase("""{"id":"Beta","enabled":true,"conditions":{"client_filters":[{"parameters":{}}]}}""", "conditions.client_filters[0].name")]
    [TestCase("""{"id":"Beta","enabled":true,"conditions":{"requirement_type":"Some"}}""", "conditions.requirement_type")]
    [TestCase("""{"id":"Beta","enabled":true,"variants":[{"name":"On","status_override":"Maybe"}]}""", "variants[0].status_override")]
    [TestCase("""{"id":"Beta","enabled":true,"allocation":{"percentile":[{"variant":"On","from":0,"to":150}]}}""", "allocation.percentile[0].to")]
    [TestCase("""{"id":"Beta","enabled":true,"allocation":{"user":[{"variant":"On","users":"alice"}]}}""", "allocation.user[0].users")]
    [TestCase("""{"id":"Beta","enabled":true,"telemetry":{"enabled":"on"}}""", "telemetry.enabled")]
    [TestCase("""not json""", "value")]
    [TestCase("""[1,2]""", "value")]
    public async Task An_invalid_flag_is_a_400_naming_the_field_and_the_stored_flag_is_untouched(string value, string field)
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        var original = await client.PutOkAsync(".appconfig.featureflag/Beta", FullFlag, contentType: FlagContentType);

        using var response = await client.PutAsync(".appconfig.featureflag/Beta", value, contentType: FlagContentType);
        Assert.That(response.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));
        var problem = await ApiClient.ReadJsonAsync(response);
        Assert.That(problem.GetProperty("type").GetString(), Is.EqualTo("https://azconfig.io/errors/invalid-argument"));
        Assert.That(problem.GetProperty("name").GetString(), Is.EqualTo(field));
        Assert.That(problem.GetProperty("detail").GetString(), Does.Contain(field));

        using var after = await client.GetAsync(ApiClient.KeyPath(".appconfig.featureflag/Beta"));
        var stored = await ApiClient.ReadJsonAsync(after);
        Assert.That(stored.GetProperty("etag").GetString(), Is.EqualTo(original.GetProperty("etag").GetString()));
        Assert.That(stored.GetProperty("value").GetString(), Is.EqualTo(FullFlag));
    }

    [Test]
    public async Task The_content_type_is_compared_on_the_media_type_only_and_other_keys_are_not_checked()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync();
        using var client = ApiClient.For(emulator);
        using var spaced = await client.PutAsync(".appconfig.featureflag/Beta", "{}", contentType: "application/vnd.microsoft.appconfig.ff+json; charset=utf-8");
        Assert.That(spaced.StatusCode, Is.EqualTo(HttpStatusCode.BadRequest));

        await client.PutOkAsync("not-a-flag", "{}", contentType: FlagContentType);
    }

    [Test]
    public async Task Validation_can_be_turned_off_to_store_malformed_flags_as_the_service_would()
    {
        await using var emulator = await AppConfigurationEmulator.StartAsync(new AppConfigurationEmulatorOptions { ValidateFeatureFlags = false });
        using var client = ApiClient.For(emulator);
        await client.PutOkAsync(".appconfig.featureflag/Broken", "{\"id\":\"Broken\",\"enabled\":\"yes\"}", contentType: FlagContentType);
        await emulator.SetFeatureFlagAsync("""{"id":"AlsoBroken","enabled":"maybe"}""");
        await emulator.SetKeyValueAsync(".appconfig.featureflag/NotJson", "{{{", contentType: FlagContentType);

        using var list = await client.GetAsync("/kv?api-version=1.0&key=.appconfig.featureflag%2F*");
        Assert.That(ApiClient.KeysOf(await ApiClient.ReadJsonAsync(list)), Has.Length.EqualTo(3));
    }
}
