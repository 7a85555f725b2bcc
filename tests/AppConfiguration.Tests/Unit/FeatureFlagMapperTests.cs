using Azure;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Unit;

public class FeatureFlagMapperTests
{
    private const string FullFlag = """
        {"id":"Beta","description":"","display_name":"Beta","enabled":true,
         "conditions":{"requirement_type":"Any","client_filters":[{"name":"Microsoft.Targeting","parameters":{"Audience":{"Users":["alice"],"Groups":[{"Name":"beta","RolloutPercentage":50}],"DefaultRolloutPercentage":10,"Exclusion":{"Users":[],"Groups":[]}}}}]},
         "variants":[{"name":"On","configuration_value":true},{"name":"Off","configuration_value":false,"status_override":"Disabled"},{"name":"Obj","configuration_value":{"Color":"red","Sizes":[1,2]}}],
         "allocation":{"default_when_enabled":"On","default_when_disabled":"Off","user":[{"variant":"On","users":["alice"]}],"group":[{"variant":"On","groups":["beta"]}],"percentile":[{"variant":"On","from":0,"to":50}],"seed":"s1"},
         "telemetry":{"enabled":true,"metadata":{"Owner":"team"}}}
        """;

    [Test]
    public void Maps_a_full_v2_flag_into_the_feature_management_layout()
    {
        var setting = Flag(".appconfig.featureflag/Beta", FullFlag, label: "prod");
        var data = new Dictionary<string, string?>(StringComparer.OrdinalIgnoreCase);

        FeatureFlagMapper.Map(setting, 3, new Uri("https://x.azconfig.io"), data);

        const string p = "feature_management:feature_flags:3:";
        Assert.That(data[p + "telemetry:metadata:AllocationId"], Does.Match("^[A-Za-z0-9_-]{20}$"));
        data.Remove(p + "telemetry:metadata:AllocationId");
        Assert.That(data, Is.EquivalentTo(new Dictionary<string, string?>
        {
            [p + "id"] = "Beta",
            [p + "description"] = "",
            [p + "display_name"] = "Beta",
            [p + "enabled"] = "True",
            [p + "conditions:requirement_type"] = "Any",
            [p + "conditions:client_filters:0:name"] = "Microsoft.Targeting",
            [p + "conditions:client_filters:0:parameters:Audience:Users:0"] = "alice",
            [p + "conditions:client_filters:0:parameters:Audience:Groups:0:Name"] = "beta",
            [p + "conditions:client_filters:0:parameters:Audience:Groups:0:RolloutPercentage"] = "50",
            [p + "conditions:client_filters:0:parameters:Audience:DefaultRolloutPercentage"] = "10",
            [p + "conditions:client_filters:0:parameters:Audience:Exclusion:Users"] = null,
            [p + "conditions:client_filters:0:parameters:Audience:Exclusion:Groups"] = null,
            [p + "variants:0:name"] = "On",
            [p + "variants:0:configuration_value"] = "True",
            [p + "variants:1:name"] = "Off",
            [p + "variants:1:configuration_value"] = "False",
            [p + "variants:1:status_override"] = "Disabled",
            [p + "variants:2:name"] = "Obj",
            [p + "variants:2:configuration_value:Color"] = "red",
            [p + "variants:2:configuration_value:Sizes:0"] = "1",
            [p + "variants:2:configuration_value:Sizes:1"] = "2",
            [p + "allocation:default_when_enabled"] = "On",
            [p + "allocation:default_when_disabled"] = "Off",
            [p + "allocation:seed"] = "s1",
            [p + "allocation:user:0:variant"] = "On",
            [p + "allocation:user:0:users:0"] = "alice",
            [p + "allocation:group:0:variant"] = "On",
            [p + "allocation:group:0:groups:0"] = "beta",
            [p + "allocation:percentile:0:variant"] = "On",
            [p + "allocation:percentile:0:from"] = "0",
            [p + "allocation:percentile:0:to"] = "50",
            [p + "telemetry:enabled"] = "True",
            [p + "telemetry:metadata:Owner"] = "team",
            [p + "telemetry:metadata:ETag"] = "etag-1",
            [p + "telemetry:metadata:FeatureFlagReference"] = "https://x.azconfig.io/kv/.appconfig.featureflag/Beta?label=prod",
        }));
    }

    [Test]
    public void Minimal_disabled_flag_has_id_and_enabled_only()
    {
        var data = new Dictionary<string, string?>();

        FeatureFlagMapper.Map(Flag(".appconfig.featureflag/key-differs", """{"id":"Off"}"""), 0, null, data);

        Assert.That(data, Is.EquivalentTo(new Dictionary<string, string?>
        {
            ["feature_management:feature_flags:0:id"] = "Off",
            ["feature_management:feature_flags:0:enabled"] = "False",
        }));
    }

    [Test]
    public void Description_and_display_name_of_another_type_are_left_out_not_fatal()
    {
        var data = new Dictionary<string, string?>();

        FeatureFlagMapper.Map(Flag(".appconfig.featureflag/Odd", """{"id":"Odd","enabled":true,"description":5,"display_name":{"x":1}}"""), 0, null, data);

        Assert.That(data.Keys, Is.EquivalentTo(new[] { "feature_management:feature_flags:0:id", "feature_management:feature_flags:0:enabled" }));
    }

    [TestCase("not json")]
    [TestCase("[1,2]")]
    [TestCase("""{"enabled":true}""")]
    [TestCase("""{"id":"A","enabled":"yes"}""")]
    [TestCase("""{"id":"A","conditions":{"client_filters":{"name":"x"}}}""")]
    [TestCase("""{"id":"A","enabled":true,"conditions":{"client_filters":[{"parameters":{}}]}}""")]
    [TestCase("""{"id":"A","variants":{"name":"On"}}""")]
    [TestCase("""{"id":"A","telemetry":{"enabled":true,"metadata":[1]}}""")]
    [TestCase("""{"id":"A","allocation":{"percentile":[{"variant":"On","from":"zero","to":50}]}}""")]
    public void Malformed_flag_throws_FormatException_naming_the_key_and_adds_nothing(string json)
    {
        var data = new Dictionary<string, string?>();

        var e = Assert.Throws<FormatException>(() => FeatureFlagMapper.Map(Flag(".appconfig.featureflag/Broken", json), 0, null, data))!;

        Assert.That(e.Message, Does.Contain(".appconfig.featureflag/Broken"));
        Assert.That(data, Is.Empty);
    }

    [Test]
    public void Disabled_flag_leaves_out_its_conditions_and_disabled_telemetry_writes_only_its_metadata()
    {
        var data = new Dictionary<string, string?>();

        FeatureFlagMapper.Map(
            Flag(".appconfig.featureflag/A", """{"id":"A","enabled":false,"conditions":{"requirement_type":"All","client_filters":[{"name":"Microsoft.Percentage","parameters":{"Value":5}}]},"telemetry":{"enabled":false,"metadata":{"x":"y"}}}"""),
            0,
            null,
            data);

        // The metadata is the flag's (a rollout's reason rides in it); ETag, reference and allocation id are telemetry's.
        Assert.That(data.Keys, Is.EquivalentTo(new[] { "feature_management:feature_flags:0:id", "feature_management:feature_flags:0:enabled", "feature_management:feature_flags:0:telemetry:metadata:x" }));
    }

    [Test]
    public void Enabled_as_a_string_and_nameless_variants_are_tolerated()
    {
        var data = new Dictionary<string, string?>();

        FeatureFlagMapper.Map(Flag(".appconfig.featureflag/A", """{"id":"A","enabled":"true","variants":[{"configuration_value":1},{"name":"On"}]}"""), 0, null, data);

        Assert.That(data["feature_management:feature_flags:0:enabled"], Is.EqualTo("True"));
        Assert.That(data["feature_management:feature_flags:0:variants:0:name"], Is.EqualTo("On"));
        Assert.That(data.ContainsKey("feature_management:feature_flags:0:variants:1:name"), Is.False);
    }

    [Test]
    public void Allocation_id_is_stable_depends_on_the_allocation_and_needs_a_seed_or_an_allocated_variant()
    {
        static string? Id(string json)
        {
            using var document = System.Text.Json.JsonDocument.Parse(json);
            return AllocationId.Compute(document.RootElement, document.RootElement.GetProperty("allocation"));
        }

        const string flag = """{"variants":[{"name":"On","configuration_value":{"b":1,"a":2}},{"name":"Off"}],"allocation":{"default_when_enabled":"On","percentile":[{"variant":"Off","from":0,"to":50},{"variant":"On","from":50,"to":100}],"seed":"s1"}}""";

        var first = Id(flag);
        var again = Id(flag);
        Assert.Multiple(() =>
        {
            Assert.That(first, Is.EqualTo(again).And.Match("^[A-Za-z0-9_-]{20}$"));
            Assert.That(Id(flag.Replace("\"s1\"", "\"s2\"", StringComparison.Ordinal)), Is.Not.EqualTo(Id(flag)));
            Assert.That(Id("""{"allocation":{}}"""), Is.Null);
        });
    }

    [TestCase("application/vnd.microsoft.appconfig.ff+json;charset=utf-8", true)]
    [TestCase("APPLICATION/VND.MICROSOFT.APPCONFIG.FF+JSON", true)]
    [TestCase("application/json", false)]
    [TestCase(null, false)]
    public void Content_type_compares_the_media_type_only(string? contentType, bool expected)
    {
        Assert.That(FeatureFlagMapper.IsFeatureFlagContentType(contentType), Is.EqualTo(expected));
    }

    internal static ConfigurationSetting Flag(string key, string json, string? label = null) =>
        new(key, json, label) { ContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8", ETag = new ETag("etag-1") };
}
