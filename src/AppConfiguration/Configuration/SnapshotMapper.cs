using System.Collections.Immutable;
using System.Runtime.CompilerServices;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Converts between what this source reads from the store (<see cref="StoreSnapshot"/>, collections per selector)
/// and the fleet's form (<see cref="KeyValueSnapshot"/>, the union of the whole selection): the leader publishes the
/// union, every instance maps it back through its own selectors, as the store would have answered them, so that
/// "later <c>Select</c> wins" and the flag layout are computed locally exactly as without fleet mode.
/// </summary>
/// <remarks>
/// A snapshot made by a delta from the one mapped last (<see cref="KeyValueSnapshot.Change"/>, same base version and
/// hash) is mapped by its changes alone: each selector's collection is a persistent sorted set updated in
/// O(k log n), and unchanged settings keep their objects (what <see cref="SnapshotBuilder"/> caches per setting).
/// Any other snapshot (the first, one after a gap, one after a snapshot not mapped) is mapped whole.
/// </remarks>
internal sealed class SnapshotMapper
{
    private static readonly ImmutableSortedSet<ConfigurationSetting> NoSettings = ImmutableSortedSet.Create<ConfigurationSetting>(SettingIdentityOrder.Instance);

    private readonly SelectorMatcher[] _keyValues;
    private readonly SelectorMatcher[] _featureFlags;
    private readonly bool _flagsFromKeyValues;
    private readonly Lock _lock = new();

    // Each revision becomes a setting once, shared by every selector that matches it (and its flag is mapped once).
    private readonly ConditionalWeakTable<SnapshotKeyValue, ConfigurationSetting> _settings = [];
    private Mapped? _last;

    public SnapshotMapper(SelectionPlan plan)
    {
        _keyValues = [.. plan.KeyValues.Select(SelectorMatcher.Compile)];
        _featureFlags = [.. plan.FeatureFlags.Select(SelectorMatcher.Compile)];
        _flagsFromKeyValues = plan.FlagsFromKeyValues;
    }

    /// <summary>The union of every collection read, at the store's version <see cref="StoreSnapshot.Version"/>.</summary>
    public static KeyValueSnapshot ToFleet(StoreSnapshot snapshot) =>
        KeyValueSnapshot.Create(snapshot.Version, snapshot.KeyValues.Concat(snapshot.FeatureFlags).SelectMany(c => c.Settings).Select(ToKeyValue));

    /// <summary>A setting as the fleet's snapshot holds it.</summary>
    public static SnapshotKeyValue ToKeyValue(ConfigurationSetting setting) =>
        new(setting.Key, setting.Label, setting.Value, setting.ContentType, setting.ETag == default ? null : setting.ETag.ToString());

    /// <summary>
    /// The collections each of this source's selectors would have read, from a fleet snapshot. A snapshot mapped by
    /// its changes carries them (<see cref="StoreSnapshot.Change"/>) against the snapshot mapped before it.
    /// </summary>
    public StoreSnapshot FromFleet(KeyValueSnapshot snapshot)
    {
        lock (_lock)
        {
            var last = _last;
            Mapped mapped;
            StoreChange? change = null;
            if (snapshot.Change is { } delta && last is not null && last.Version == delta.BaseVersion && last.Hash == delta.BaseHash)
            {
                var (keyValues, keyValueChanges) = Update(_keyValues, last.KeyValues, delta);
                var (featureFlags, flagChanges) = Update(_featureFlags, last.FeatureFlags, delta);
                mapped = new Mapped(snapshot.Version, snapshot.ContentHash, keyValues, featureFlags);
                change = new StoreChange(last, keyValueChanges, flagChanges);
            }
            else
            {
                mapped = new Mapped(snapshot.Version, snapshot.ContentHash, Map(_keyValues, snapshot), Map(_featureFlags, snapshot));
            }

            _last = mapped;
            return new StoreSnapshot(
                Collections(_keyValues, mapped.KeyValues), Collections(_featureFlags, mapped.FeatureFlags), [], _flagsFromKeyValues, snapshot.Version, mapped, change);
        }
    }

    private static CollectionSnapshot[] Collections(SelectorMatcher[] selections, ImmutableSortedSet<ConfigurationSetting>[] settings)
    {
        var collections = new CollectionSnapshot[selections.Length];
        for (var i = 0; i < selections.Length; i++)
        {
            // Sorted by key, then label: the order the store lists a collection in.
            collections[i] = new CollectionSnapshot(selections[i].Selector, [new CollectionSnapshot.CachedPage(null, default, settings[i], null)]);
        }

        return collections;
    }

    private ImmutableSortedSet<ConfigurationSetting>[] Map(SelectorMatcher[] selections, KeyValueSnapshot snapshot) =>
        [.. selections.Select(selection => NoSettings.Union(snapshot.KeyValues.Where(kv => selection.Matches(kv.Key, kv.Label)).Select(ToSetting)))];

    private (ImmutableSortedSet<ConfigurationSetting>[] Settings, IReadOnlyList<SettingChange>[] Changes) Update(
        SelectorMatcher[] selections, ImmutableSortedSet<ConfigurationSetting>[] before, SnapshotChange change)
    {
        var after = new ImmutableSortedSet<ConfigurationSetting>[selections.Length];
        var changes = new IReadOnlyList<SettingChange>[selections.Length];
        for (var i = 0; i < selections.Length; i++)
        {
            var settings = before[i];
            List<SettingChange>? changed = null;
            foreach (var (old, next) in change.KeyValues)
            {
                ConfigurationSetting? removed = null;
                if (old is not null && selections[i].Matches(old.Key, old.Label) && settings.TryGetValue(new ConfigurationSetting(old.Key, null, old.Label), out var present))
                {
                    settings = settings.Remove(present);
                    removed = present;
                }

                ConfigurationSetting? added = null;
                if (next is not null && selections[i].Matches(next.Key, next.Label))
                {
                    added = ToSetting(next);
                    settings = settings.Add(added);
                }

                if (removed is not null || added is not null)
                {
                    // A replacement keeps its key and label: one change, as the collection saw it.
                    if (removed is not null && added is not null && SettingIdentityOrder.Instance.Compare(removed, added) != 0)
                    {
                        (changed ??= []).Add(new SettingChange(removed, null));
                        removed = null;
                    }

                    (changed ??= []).Add(new SettingChange(removed, added));
                }
            }

            after[i] = settings;
            changes[i] = changed ?? (IReadOnlyList<SettingChange>)[];
        }

        return (after, changes);
    }

    private ConfigurationSetting ToSetting(SnapshotKeyValue keyValue) =>
        _settings.GetValue(keyValue, static kv => new ConfigurationSetting(kv.Key, kv.Value, kv.Label)
        {
            ContentType = kv.ContentType,
            ETag = kv.ETag is null ? default : new Azure.ETag(kv.ETag),
        });

    /// <summary>The snapshot mapped last and each selector's settings from it (also the origin a later change names).</summary>
    private sealed record Mapped(
        long Version,
        SnapshotContentHash Hash,
        ImmutableSortedSet<ConfigurationSetting>[] KeyValues,
        ImmutableSortedSet<ConfigurationSetting>[] FeatureFlags);
}
