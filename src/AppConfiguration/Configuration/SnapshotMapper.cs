using System.Runtime.CompilerServices;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Converts between what this source reads from the store (<see cref="StoreSnapshot"/>, collections per selector)
/// and the fleet's form (<see cref="KeyValueSnapshot"/>, the union of the whole selection): the leader publishes the
/// union, every instance maps it back through its own selectors, as the store would have answered them, so that
/// "later <c>Select</c> wins" and the flag layout are computed locally exactly as without fleet mode.
/// </summary>
internal sealed class SnapshotMapper
{
    private readonly (KeyValueSelector Selector, SelectorFilter Key, SelectorFilter Label)[] _keyValues;
    private readonly (KeyValueSelector Selector, SelectorFilter Key, SelectorFilter Label)[] _featureFlags;
    private readonly bool _flagsFromKeyValues;

    // A delta keeps the unchanged entries' objects, so each revision becomes a setting once (and its flag is mapped once).
    private readonly ConditionalWeakTable<SnapshotKeyValue, ConfigurationSetting> _settings = [];

    public SnapshotMapper(SelectionPlan plan)
    {
        _keyValues = [.. plan.KeyValues.Select(Compile)];
        _featureFlags = [.. plan.FeatureFlags.Select(Compile)];
        _flagsFromKeyValues = plan.FlagsFromKeyValues;
    }

    /// <summary>The union of every collection read, at the store's version <see cref="StoreSnapshot.Version"/>.</summary>
    public static KeyValueSnapshot ToFleet(StoreSnapshot snapshot) =>
        KeyValueSnapshot.Create(
            snapshot.Version,
            snapshot.KeyValues.Concat(snapshot.FeatureFlags).SelectMany(c => c.Settings).Select(s =>
                new SnapshotKeyValue(s.Key, s.Label, s.Value, s.ContentType, s.ETag == default ? null : s.ETag.ToString())));

    /// <summary>The collections each of this source's selectors would have read, from a fleet snapshot.</summary>
    public StoreSnapshot FromFleet(KeyValueSnapshot snapshot) =>
        new(Collections(_keyValues, snapshot), Collections(_featureFlags, snapshot), [], _flagsFromKeyValues, snapshot.Version);

    private static (KeyValueSelector, SelectorFilter, SelectorFilter) Compile(KeyValueSelector selector) =>
        (selector, SelectorFilter.Parse(selector.KeyFilter, isLabel: false), SelectorFilter.Parse(selector.LabelFilter, isLabel: true));

    private List<CollectionSnapshot> Collections((KeyValueSelector Selector, SelectorFilter Key, SelectorFilter Label)[] selectors, KeyValueSnapshot snapshot)
    {
        var collections = new List<CollectionSnapshot>(selectors.Length);
        foreach (var (selector, key, label) in selectors)
        {
            // The snapshot is sorted by key, then label: the order the store lists a collection in.
            var settings = snapshot.KeyValues.Where(kv => key.Matches(kv.Key) && label.Matches(kv.Label)).Select(ToSetting).ToList();
            collections.Add(new CollectionSnapshot(selector, [new CollectionSnapshot.CachedPage(null, default, settings, null)]));
        }

        return collections;
    }

    private ConfigurationSetting ToSetting(SnapshotKeyValue keyValue) =>
        _settings.GetValue(keyValue, static kv => new ConfigurationSetting(kv.Key, kv.Value, kv.Label)
        {
            ContentType = kv.ContentType,
            ETag = kv.ETag is null ? default : new Azure.ETag(kv.ETag),
        });
}
