using Azure;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Unit;

/// <summary>The change feed tells which flag sections changed only while it followed every change since.</summary>
public sealed class FlagSlotChangeFeedTests
{
    [Test]
    public void A_toggle_is_reported_as_its_slot_and_an_unchanged_build_as_nothing()
    {
        var (feed, builder) = Start(out var previous, "A", "B", "C");

        previous = Record(feed, builder, previous, Flag("A", false), Flag("B", true), Flag("C", false));
        var toggled = feed.Revision;
        Record(feed, builder, previous, Flag("A", false), Flag("B", true), Flag("C", false));

        Assert.Multiple(() =>
        {
            Assert.That(feed.TryGetChangedSections(toggled - 1, out var revision, out var sections), Is.True);
            Assert.That((revision, sections), Is.EqualTo((toggled, (IReadOnlyList<string>)["feature_management:feature_flags:1"])));
            Assert.That(feed.ReadSection("feature_management:feature_flags:1"), Does.Contain(new KeyValuePair<string, string?>("feature_management:feature_flags:1:enabled", "True")));
        });
    }

    [Test]
    public void A_consumer_further_behind_than_the_kept_revisions_is_told_nothing()
    {
        var (feed, builder) = Start(out var previous, "A");
        var start = feed.Revision;
        for (var i = 0; i <= FlagSlotChangeFeed.KeptRevisions; i++)
        {
            previous = Record(feed, builder, previous, Flag("A", i % 2 == 0));
        }

        Assert.Multiple(() =>
        {
            Assert.That(feed.TryGetChangedSections(start, out _, out _), Is.False);
            Assert.That(feed.TryGetChangedSections(start + 1, out _, out var sections), Is.True);
            Assert.That(sections, Is.EqualTo(new[] { "feature_management:feature_flags:0" }));
        });
    }

    [Test]
    public void Data_from_elsewhere_or_changed_key_values_make_the_changes_unknown()
    {
        var (feed, builder) = Start(out var previous, "A");
        var before = feed.Revision;
        feed.Invalidate();
        var invalidated = feed.Revision;
        Assert.That(feed.TryGetChangedSections(before, out _, out _), Is.False, "a value set in memory");

        // After data from elsewhere, the next build has nothing to compare with.
        previous = Record(feed, builder, null, Flag("A", true));
        Assert.That(feed.TryGetChangedSections(invalidated, out _, out _), Is.False, "the first build after");
        var rebuilt = feed.Revision;

        var (withKeyValue, _) = builder.Build([Collection(new ConfigurationSetting("Color", "red"))], [Collection(Flag("A", true))]);
        feed.Record(previous, withKeyValue);
        Assert.That(feed.TryGetChangedSections(rebuilt, out _, out _), Is.False, "a key-value changed");
    }

    private static (FlagSlotChangeFeed Feed, SnapshotBuilder Builder) Start(out ConfigurationData data, params string[] ids)
    {
        var builder = new SnapshotBuilder([], new Uri("https://x.azconfig.io"), new CapturingLogger());
        var feed = new FlagSlotChangeFeed();
        data = Record(feed, builder, null, [.. ids.Select(id => Flag(id, false))]);
        return (feed, builder);
    }

    private static ConfigurationData Record(FlagSlotChangeFeed feed, SnapshotBuilder builder, ConfigurationData? previous, params ConfigurationSetting[] flags)
    {
        var (built, _) = builder.Build([], [Collection(flags)]);
        feed.Record(previous, built);
        return built;
    }

    private static ConfigurationSetting Flag(string id, bool enabled) =>
        new(".appconfig.featureflag/" + id, $$"""{"id":"{{id}}","enabled":{{(enabled ? "true" : "false")}}}""")
        {
            ContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8",
            ETag = new ETag(id + enabled),
        };

    private static CollectionSnapshot Collection(params ConfigurationSetting[] settings) =>
        new(new KeyValueSelector("*", "\0"), [new CollectionSnapshot.CachedPage(null, new ETag("p"), settings, null)]);
}
