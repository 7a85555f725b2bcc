using Azure;
using Microsoft.Extensions.Logging;
using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Unit;

public class SnapshotBuilderTests
{
    [Test]
    public void Later_selection_wins_for_the_same_key_and_prefixes_are_trimmed()
    {
        var builder = new SnapshotBuilder(["App:"], new Uri("https://x.azconfig.io"), new CapturingLogger());
        var first = Collection("App:*", "\0", Setting("App:Color", "blue"), Setting("App:Size", "L"));
        var second = Collection("App:*", "prod", Setting("App:Color", "red", "prod"));

        var data = builder.Build([first, second], []).Data.Data;

        Assert.That(data, Is.EquivalentTo(new Dictionary<string, string?> { ["Color"] = "red", ["Size"] = "L" }));
    }

    [Test]
    public void Json_values_are_flattened_and_flag_keys_are_never_key_values()
    {
        var builder = new SnapshotBuilder([], new Uri("https://x.azconfig.io"), new CapturingLogger());
        var json = Setting("Settings", """{"A":1,"B":{"C":"x"}}""");
        json.ContentType = "application/json; charset=utf-8";
        var flagAsKeyValue = FeatureFlagMapperTests.Flag(".appconfig.featureflag/X", """{"id":"X"}""");

        var data = builder.Build([Collection("*", "\0", json, flagAsKeyValue)], []).Data.Data;

        Assert.That(data, Is.EquivalentTo(new Dictionary<string, string?> { ["Settings:A"] = "1", ["Settings:B:C"] = "x" }));
    }

    [Test]
    public void Flags_routed_out_of_all_keys_pages_are_flags_once_and_other_keys_stay_key_values()
    {
        var builder = new SnapshotBuilder([], new Uri("https://x.azconfig.io"), new CapturingLogger());
        var flagContentTypeElsewhere = FeatureFlagMapperTests.Flag("NotAFlagKey", """{"id":"Z","enabled":true}""");
        var all = Collection("*", "\0",
            Setting("Color", "blue"),
            FeatureFlagMapperTests.Flag(".appconfig.featureflag/X", """{"id":"X","enabled":true}"""),
            flagContentTypeElsewhere);

        var data = builder.Build([all], [all]).Data.Data;

        Assert.That(data["Color"], Is.EqualTo("blue"));
        Assert.That(data["feature_management:feature_flags:0:id"], Is.EqualTo("X"));
        Assert.That(data.Keys, Has.None.StartsWith("feature_management:feature_flags:1"), "only keys under the flag prefix are flags");
        Assert.That(data.Keys, Has.None.Contains(".appconfig"));
    }

    [Test]
    public void Flags_are_indexed_in_order_later_label_replaces_in_place_and_malformed_ones_are_skipped_with_a_warning()
    {
        var logger = new CapturingLogger();
        var builder = new SnapshotBuilder([], new Uri("https://x.azconfig.io"), logger);
        var noLabel = Collection(".appconfig.featureflag/*", "\0",
            FeatureFlagMapperTests.Flag(".appconfig.featureflag/A", """{"id":"A","enabled":false}"""),
            FeatureFlagMapperTests.Flag(".appconfig.featureflag/Bad", """{"id":"Bad","enabled":"maybe"}"""),
            FeatureFlagMapperTests.Flag(".appconfig.featureflag/B", """{"id":"B","enabled":true}"""));
        var prod = Collection(".appconfig.featureflag/*", "prod",
            FeatureFlagMapperTests.Flag(".appconfig.featureflag/A", """{"id":"A","enabled":true}""", "prod"));

        var data = builder.Build([], [noLabel, prod]).Data.Data;

        Assert.Multiple(() =>
        {
            Assert.That(data["feature_management:feature_flags:0:id"], Is.EqualTo("A"));
            Assert.That(data["feature_management:feature_flags:0:enabled"], Is.EqualTo("True"));
            Assert.That(data["feature_management:feature_flags:1:id"], Is.EqualTo("B"));
            Assert.That(data.Keys.Any(k => k.StartsWith("feature_management:feature_flags:2", StringComparison.Ordinal)), Is.False);
            Assert.That(logger.Lines, Has.One.Contains(".appconfig.featureflag/Bad").And.One.Contains("Skipped malformed feature flag"));
        });
    }

    private static ConfigurationSetting Setting(string key, string value, string? label = null) => new(key, value, label) { ETag = new ETag(Guid.NewGuid().ToString()) };

    private static CollectionSnapshot Collection(string key, string label, params ConfigurationSetting[] settings) =>
        new(new KeyValueSelector(key, label), [new CollectionSnapshot.CachedPage(null, new ETag("p"), settings, null)]);
}
