using Microsoft.Extensions.Configuration;
using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeatureAppConfig.Provider.Internal;

namespace OpenFeatureAppConfig.Provider.Tests;

/// <summary>
/// A reload through a change feed reads only the reported flag sections, and reads everything whenever it cannot be
/// sure that only they changed: another provider of the root reloaded, the feed lost track, or the root reloaded
/// without the feed seeing a change. Each test also checks which way the reload went.
/// </summary>
public sealed class ChangeFeedReloadTests
{
    private static readonly TimeSpan EventTimeout = TimeSpan.FromSeconds(10);

    [Test]
    public async Task A_toggle_reported_by_the_feed_is_announced_and_evaluated()
    {
        var feed = Feed(("0", "Alpha", "false"), ("1", "Beta", "false"));
        var configuration = new ConfigurationBuilder().Add(feed).Build();
        var provider = new FeatureManagementProvider(configuration, new FeatureManagementProviderOptions { ChangeFeed = feed });
        await provider.InitializeAsync(EvaluationContext.Empty);
        var events = provider.GetEventChannel().Reader;

        feed.Edit("feature_management:feature_flags:1:enabled", "true");
        feed.Commit();
        var changed = (ProviderEventPayload)await events.ReadAsync().AsTask().WaitAsync(EventTimeout);
        var beta = await provider.ResolveBooleanValueAsync("Beta", false);

        Assert.Multiple(() =>
        {
            Assert.That(changed.Type, Is.EqualTo(ProviderEventTypes.ProviderConfigurationChanged));
            Assert.That(changed.FlagsChanged, Is.EqualTo(new[] { "Beta" }));
            Assert.That(beta.Value, Is.True);
        });
    }

    [Test]
    public void Flags_added_removed_and_moved_are_read_from_their_sections_alone()
    {
        var feed = Feed(("0", "Alpha", "true"), ("1", "Beta", "false"), ("2", "Gamma", "true"));
        var (root, tracker, catalog) = Attach(feed);

        // Beta is removed, Alpha moves from slot 0 to slot 3 unchanged, Gamma's slot 2 now declares Delta.
        foreach (var field in new[] { "id", "enabled" })
        {
            feed.Edit($"feature_management:feature_flags:0:{field}", null);
            feed.Edit($"feature_management:feature_flags:1:{field}", null);
        }

        feed.Edit("feature_management:feature_flags:3:id", "Alpha");
        feed.Edit("feature_management:feature_flags:3:enabled", "true");
        feed.Edit("feature_management:feature_flags:2:id", "Delta");
        feed.Commit();
        var reloaded = tracker.Reload(catalog);

        AssertReloaded(root, tracker, catalog, reloaded, sectionReads: 1, "Beta", "Delta", "Gamma");
    }

    [Test]
    public void Another_provider_that_reloaded_makes_the_reload_read_everything()
    {
        var feed = Feed(("0", "Alpha", "false"));
        var (json, jsonSource) = ReloadableJsonConfiguration.Create("{}");
        var root = new ConfigurationBuilder().Add(feed).AddConfiguration(json, shouldDisposeConfiguration: false).Build();
        var tracker = new ConfigurationChangeTracker(root, feed);
        var catalog = tracker.Read();

        // A file with flags reloads (one token of the root), and the feed reports a change of its own at the same time.
        jsonSource.SetJson("""{"FeatureManagement":{"Local":true}}""");
        feed.Edit("feature_management:feature_flags:0:enabled", "true");
        feed.Commit();
        var reloaded = tracker.Reload(catalog);

        AssertReloaded(root, tracker, catalog, reloaded, sectionReads: 0, "Alpha", "Local");
    }

    [Test]
    public void A_change_the_feed_cannot_tell_makes_the_reload_read_everything()
    {
        var feed = Feed(("0", "Alpha", "false"), ("1", "Beta", "false"));
        var (root, tracker, catalog) = Attach(feed);

        feed.Edit("feature_management:feature_flags:0:enabled", "true");
        feed.Commit();
        catalog = tracker.Reload(catalog);
        feed.Edit("feature_management:feature_flags:1:enabled", "true");
        feed.CommitUntracked();
        var reloaded = tracker.Reload(catalog);

        AssertReloaded(root, tracker, catalog, reloaded, sectionReads: 1, "Beta");
    }

    [Test]
    public void After_a_reload_that_failed_the_next_one_reads_everything()
    {
        var feed = Feed(("0", "Alpha", "false"), ("1", "Beta", "false"));
        var (root, tracker, catalog) = Attach(feed);

        feed.Edit("feature_management:feature_flags:1:enabled", "true");
        feed.FailNextRead = true;
        feed.Commit();
        Assert.That(() => tracker.Reload(catalog), Throws.InvalidOperationException);

        // The catalog in force still has Beta off; the next reload must not read Alpha's section alone.
        feed.Edit("feature_management:feature_flags:0:enabled", "true");
        feed.Commit();
        var reloaded = tracker.Reload(catalog);

        AssertReloaded(root, tracker, catalog, reloaded, sectionReads: 1, "Alpha", "Beta");
    }

    [Test]
    public void A_root_reload_the_feed_saw_no_change_in_reads_everything()
    {
        var feed = Feed(("0", "Alpha", "false"));
        var root = new ConfigurationBuilder().Add(feed).AddInMemoryCollection().Build();
        var tracker = new ConfigurationChangeTracker(root, feed);
        var catalog = tracker.Read();

        // A value set in memory on one provider (no reload token of its own), then the whole root reloaded.
        root.Providers.Last().Set("FeatureManagement:Local", "true");
        root.Reload();
        var reloaded = tracker.Reload(catalog);

        AssertReloaded(root, tracker, catalog, reloaded, sectionReads: 0, "Local");
    }

    [Test]
    public void A_provider_added_to_the_root_makes_the_reload_read_everything()
    {
        var feed = Feed(("0", "Alpha", "false"));
        var manager = new ConfigurationManager();
        ((IConfigurationBuilder)manager).Add(feed);
        var tracker = new ConfigurationChangeTracker(manager, feed);
        var catalog = tracker.Read();

        manager.AddInMemoryCollection([new("FeatureManagement:Local", "true")]);
        feed.Edit("feature_management:feature_flags:0:enabled", "true");
        feed.Commit();
        var reloaded = tracker.Reload(catalog);

        AssertReloaded(manager, tracker, catalog, reloaded, sectionReads: 0, "Alpha", "Local");
    }

    private static ChangeReportingConfiguration Feed(params (string Slot, string Id, string Enabled)[] flags)
    {
        var feed = new ChangeReportingConfiguration();
        foreach (var (slot, id, enabled) in flags)
        {
            feed.Edit($"feature_management:feature_flags:{slot}:id", id);
            feed.Edit($"feature_management:feature_flags:{slot}:enabled", enabled);
        }

        feed.Commit();
        return feed;
    }

    private static (IConfigurationRoot Root, ConfigurationChangeTracker Tracker, FlagCatalog Catalog) Attach(ChangeReportingConfiguration feed)
    {
        var root = new ConfigurationBuilder().Add(feed).Build();
        var tracker = new ConfigurationChangeTracker(root, feed);
        return (root, tracker, tracker.Read());
    }

    /// <summary>
    /// The reload went the expected way (as many reloads read sections only), reports exactly <paramref name="changed"/>,
    /// and gives the catalog a full read gives.
    /// </summary>
    private static void AssertReloaded(
        IConfigurationRoot root, ConfigurationChangeTracker tracker, FlagCatalog catalog, FlagCatalog reloaded, int sectionReads, params string[] changed) =>
        Assert.Multiple(() =>
        {
            Assert.That(tracker.SectionReads, Is.EqualTo(sectionReads));
            Assert.That(catalog.ChangedKeys(reloaded), Is.EqualTo(changed));
            Assert.That(Describe(reloaded), Is.EqualTo(Describe(FlagCatalog.FromConfiguration(root))));
        });

    private static List<string> Describe(FlagCatalog catalog) =>
        [.. catalog.Keys.Order(StringComparer.OrdinalIgnoreCase).Select(key =>
        {
            catalog.TryGet(key, out var entry);
            return $"{entry.Key}|{entry.Fingerprint}|{entry.Fields}";
        })];
}
