using Azure;
using CsCheck;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Fuzz;

/// <summary>
/// The leader makes each fleet snapshot from the one before by the pages that changed: through random chains of page
/// edits (settings changed, added and removed; selections with one collection, disjoint ones and overlapping ones),
/// it is what making the union whole gives (content, hash, version), and the delta announced
/// against the snapshot before makes exactly it. Pinned seed by default; FUZZ_ITERATIONS and FUZZ_SEED make a longer
/// or other run.
/// </summary>
public sealed class FleetPublicationFuzzTests
{
    private static readonly KeyValueSelector[][] Selections =
    [
        [new KeyValueSelector("*", "\0")],
        [new KeyValueSelector("a*", "\0"), new KeyValueSelector("b*", "\0")],
        [new KeyValueSelector("*", "\0"), new KeyValueSelector("a*", "\0")],
    ];

    /// <summary>What each collection of each selection lists: keys starting with one of these.</summary>
    private static readonly string[][] Prefixes = [["ab"], ["a", "b"], ["ab", "a"]];

    /// <summary>
    /// An edit of one collection's pages: a page replaced by other settings (a 200 answer). Each page holds keys of its
    /// own (the page's number after the prefix), as a store's listing never holds a key and label twice.
    /// </summary>
    private static readonly Gen<(int Collection, int Page, int[] Keys, int Value)> Edit =
        Gen.Select(Gen.Int[0, 1], Gen.Int[0, 2], Gen.Int[0, 9].Array[0, 4], Gen.Int[0, 2]);

    [Test]
    public void A_fleet_snapshot_made_from_the_pages_that_changed_is_the_union_made_whole()
    {
        Gen.Select(Gen.Int[0, Selections.Length - 1], Gen.Int[0, 9].Array[0, 4].Array[3], Gen.Int[0, 9].Array[0, 4].Array[3], Edit.Array[1, 8])
            .Sample((selection, first, second, edits) =>
            {
                var selectors = Selections[selection];
                var pages = new[] { first, second }.Take(selectors.Length)
                    .Select((collection, c) => collection.Select((keys, page) => Page(c, selection, page, keys, 0)).ToList()).ToList();
                var publication = new FleetPublication();
                var previous = publication.Next(Snapshot(selectors, pages, 1));
                var version = 1L;
                foreach (var (collection, page, keys, value) in edits)
                {
                    if (collection < pages.Count)
                    {
                        pages[collection][page] = Page(collection, selection, page, keys, value);
                    }

                    var store = Snapshot(selectors, pages, ++version);
                    var next = publication.Next(store);

                    var whole = SnapshotMapper.ToFleet(store);
                    Assert.That(next.KeyValues, Is.EqualTo(whole.KeyValues), "the union");
                    Assert.That((next.Version, next.Hash), Is.EqualTo((whole.Version, whole.Hash)));
                    var delta = SnapshotDelta.Between(previous, next);
                    Assert.That(delta.ApplyTo(previous)?.KeyValues, Is.EqualTo(whole.KeyValues), "the delta announced makes it");
                    previous = next;
                }
            }, seed: FuzzSettings.Seed("0000000000007"), iter: FuzzSettings.Iterations(300));
    }

    /// <summary>A page as the store lists it: sorted by key, each key once, every key under the collection's prefix.</summary>
    private static CollectionSnapshot.CachedPage Page(int collection, int selection, int page, int[] keys, int value)
    {
        var prefixes = Prefixes[selection][collection];
        var settings = keys.Distinct()
            .Select(k => new ConfigurationSetting($"{prefixes[k % prefixes.Length]}{page}{k}", "v" + (value + k) % 3) { ETag = new ETag("e" + value) })
            .OrderBy(s => s.Key, StringComparer.Ordinal);
        return new(null, new ETag(Guid.NewGuid().ToString()), [.. settings], null);
    }

    private static StoreSnapshot Snapshot(KeyValueSelector[] selectors, List<List<CollectionSnapshot.CachedPage>> pages, long version) =>
        new([.. selectors.Select((selector, i) => new CollectionSnapshot(selector, [.. pages[i]]))], [], [], Version: version);
}
