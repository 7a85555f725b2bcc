using CsCheck;
using OpenFeatureAppConfig.TestSupport;

namespace OpenFeatureAppConfig.AppConfiguration.Tests.Fuzz;

/// <summary>
/// A fleet snapshot made by a delta is mapped through the selectors by its changes alone: the collections are what
/// mapping it whole gives, unchanged settings keep their objects, and a mapper whose last snapshot is not the
/// delta's base maps it whole. Pinned seed by default; FUZZ_ITERATIONS and FUZZ_SEED make a longer or other run.
/// </summary>
public sealed class SnapshotMapperFuzzTests
{
    private const string FlagPrefix = ".appconfig.featureflag/";

    private static readonly SelectionPlan Plan = new(
        [
            new KeyValueSelector(SettingSelector.Any, SettingSelector.NoLabel),
            new KeyValueSelector("a*", "x,y"),
            new KeyValueSelector("b,ab", SettingSelector.Any),
        ],
        [new KeyValueSelector(FlagPrefix + SettingSelector.Any, SettingSelector.NoLabel)],
        FlagsFromKeyValues: false);

    private static readonly Gen<SnapshotKeyValue> KeyValue =
        Gen.Select(
            Pick("", "a", "b", FlagPrefix),
            Gen.String[Gen.Char["ab"], 0, 2],
            Pick<string?>(null, "x", "y", "z"),
            Gen.String[Gen.Char["01"], 0, 3].Null(0.2),
            Gen.String[Gen.Char["e0"], 1, 2].Null(0.2),
            (prefix, rest, label, value, etag) => new SnapshotKeyValue(prefix + rest is { Length: > 0 } key ? key : "k", label, value, null, etag));

    private static readonly Gen<KeyValueSnapshot> Snapshot =
        Gen.Select(Gen.Long[0, 1000], KeyValue.List[0, 16], (version, items) => KeyValueSnapshot.Create(version, items));

    private static readonly Gen<(List<(string Key, string? Label)> Removed, List<SnapshotKeyValue> Set)> AnyChange =
        Gen.Select(KeyValue.Select(kv => (kv.Key, kv.Label)).List[0, 4], KeyValue.List[0, 6]);

    [Test]
    public void DeltaMappedByItsChangesIsWhatMappingItWholeGives()
    {
        Gen.Select(Snapshot, AnyChange, AnyChange, Gen.Bool).Sample((baseSnapshot, change, drift, mapperHasTheBase) =>
        {
            var next = baseSnapshot.With(baseSnapshot.Version + 1, change.Removed, change.Set);
            // Same version, other content: only the hash tells the mapper that this is not the delta's base.
            var mappedBefore = mapperHasTheBase ? baseSnapshot : baseSnapshot.With(baseSnapshot.Version, drift.Removed, drift.Set);
            var mapper = new SnapshotMapper(Plan);
            var before = mapper.FromFleet(mappedBefore);

            var incremental = mapper.FromFleet(next);

            var whole = new SnapshotMapper(Plan).FromFleet(KeyValueSnapshot.Create(next.Version, next.KeyValues));
            Assert.That(incremental.Version, Is.EqualTo(next.Version));
            Assert.That(Contents(incremental.KeyValues), Is.EqualTo(Contents(whole.KeyValues)));
            Assert.That(Contents(incremental.FeatureFlags), Is.EqualTo(Contents(whole.FeatureFlags)));
            var changed = next.Change!.KeyValues.Select(c => ((c.Old ?? c.New)!.Key, (c.Old ?? c.New)!.Label)).ToHashSet();
            if (mapperHasTheBase)
            {
                AssertUnchangedSettingsKeptTheirObjects(before.KeyValues, incremental.KeyValues, changed);
                AssertUnchangedSettingsKeptTheirObjects(before.FeatureFlags, incremental.FeatureFlags, changed);
            }
        }, seed: FuzzSettings.Seed("0000000000004"), iter: FuzzSettings.Iterations(500));
    }

    private static Gen<T> Pick<T>(params T[] choices) => Gen.Int[0, choices.Length - 1].Select(i => choices[i]);

    private static List<List<(string, string?, string?, string?, string)>> Contents(IReadOnlyList<CollectionSnapshot> collections) =>
        [.. collections.Select(c => c.Settings.Select(s => (s.Key, s.Label, s.Value, s.ContentType, s.ETag.ToString())).ToList())];

    private static void AssertUnchangedSettingsKeptTheirObjects(
        IReadOnlyList<CollectionSnapshot> before, IReadOnlyList<CollectionSnapshot> after, HashSet<(string, string?)> changed)
    {
        for (var i = 0; i < before.Count; i++)
        {
            var previous = before[i].Settings.ToDictionary(s => (s.Key, s.Label));
            foreach (var setting in after[i].Settings.Where(s => !changed.Contains((s.Key, s.Label))))
            {
                Assert.That(setting, Is.SameAs(previous[(setting.Key, setting.Label)]), $"{setting} is unchanged");
            }
        }
    }
}
