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

    [Test]
    public void A_snapshot_made_by_a_change_from_the_one_built_last_is_patched_without_reading_the_other_settings()
    {
        var builder = new SnapshotBuilder([], new Uri("https://x.azconfig.io"), new CapturingLogger());
        var flags = Enumerable.Range(0, 50).Select(i => FeatureFlagMapperTests.Flag($".appconfig.featureflag/F{i:00}", $$"""{"id":"F{{i:00}}","enabled":false}""")).ToArray();
        var origin = new object();
        var built = builder.Build(new StoreSnapshot([], [Collection(".appconfig.featureflag/*", "\0", flags)], [], Origin: origin)).Data;
        var toggled = FeatureFlagMapperTests.Flag(".appconfig.featureflag/F17", """{"id":"F17","enabled":true}""");
        var unreadable = new CollectionSnapshot(new KeyValueSelector(".appconfig.featureflag/*", "\0"), [new CollectionSnapshot.CachedPage(null, default, new UnreadableSettings(), null)]);
        var change = new StoreChange(origin, [], [[new SettingChange(flags[17], toggled)]]);

        var (data, changed) = builder.Build(new StoreSnapshot([], [unreadable], [], Origin: new object(), Change: change));

        Assert.Multiple(() =>
        {
            Assert.That(changed, Is.True);
            Assert.That(data.Data["feature_management:feature_flags:17:enabled"], Is.EqualTo("True"));
            Assert.That(data.Data["feature_management:feature_flags:16:enabled"], Is.EqualTo("False"));
            Assert.That(data.Data, Has.Count.EqualTo(built.Data.Count));
            Assert.That(data.Flags[16], Is.SameAs(built.Flags[16]), "an unchanged flag's entries are shared");
        });
    }

    [Test]
    public void A_change_from_a_snapshot_other_than_the_one_built_last_is_not_applied_by_itself()
    {
        var builder = new SnapshotBuilder([], new Uri("https://x.azconfig.io"), new CapturingLogger());
        var off = FeatureFlagMapperTests.Flag(".appconfig.featureflag/A", """{"id":"A","enabled":false}""");
        var on = FeatureFlagMapperTests.Flag(".appconfig.featureflag/A", """{"id":"A","enabled":true}""");
        var other = FeatureFlagMapperTests.Flag(".appconfig.featureflag/B", """{"id":"B","enabled":true}""");
        builder.Build(new StoreSnapshot([], [Collection(".appconfig.featureflag/*", "\0", off)], [], Origin: new object()));

        // The change names a base this builder never built: the collections are read as they are.
        var change = new StoreChange(new object(), [], [[new SettingChange(off, on)]]);
        var (data, _) = builder.Build(new StoreSnapshot([], [Collection(".appconfig.featureflag/*", "\0", on, other)], [], Origin: new object(), Change: change));

        Assert.That(data.Data["feature_management:feature_flags:1:id"], Is.EqualTo("B"));
    }

    private static ConfigurationSetting Setting(string key, string value, string? label = null) => new(key, value, label) { ETag = new ETag(Guid.NewGuid().ToString()) };

    private static CollectionSnapshot Collection(string key, string label, params ConfigurationSetting[] settings) =>
        new(new KeyValueSelector(key, label), [new CollectionSnapshot.CachedPage(null, new ETag("p"), settings, null)]);

    /// <summary>Settings that fail the test when read: a patch by a change must not look at them.</summary>
    private sealed class UnreadableSettings : IReadOnlyList<ConfigurationSetting>
    {
        public int Count => throw Read();

        public ConfigurationSetting this[int index] => throw Read();

        public IEnumerator<ConfigurationSetting> GetEnumerator() => throw Read();

        System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();

        private static AssertionException Read() => new("the settings of a snapshot made by a change were read");
    }
}
