namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The leader's side of <see cref="SnapshotMapper"/>: makes the fleet's snapshot of each store snapshot the leader
/// read. One that differs from the store snapshot made last in some pages is made from the fleet snapshot made last by
/// those pages' settings alone (O(k log n), with the delta to announce attached), so a toggle does not cost the leader
/// a sort and a hash of every key-value. Anything else is made whole: another selection, a page count that changed,
/// or a changed setting that another selector could also list (then which one wins takes the whole union).
/// </summary>
internal sealed class FleetPublication
{
    private readonly Lock _lock = new();
    private StoreSnapshot? _lastStore;
    private KeyValueSnapshot? _lastFleet;

    /// <summary>The fleet's snapshot of <paramref name="snapshot"/> (the union of every collection, at its version).</summary>
    public KeyValueSnapshot Next(StoreSnapshot snapshot)
    {
        lock (_lock)
        {
            var next = _lastStore is { } lastStore && _lastFleet is { } lastFleet && TryUpdate(lastStore, lastFleet, snapshot) is { } updated
                ? updated
                : SnapshotMapper.ToFleet(snapshot);
            _lastStore = snapshot;
            _lastFleet = next;
            return next;
        }
    }

    private static KeyValueSnapshot? TryUpdate(StoreSnapshot lastStore, KeyValueSnapshot lastFleet, StoreSnapshot snapshot)
    {
        var before = lastStore.KeyValues.Concat(lastStore.FeatureFlags).ToList();
        var after = snapshot.KeyValues.Concat(snapshot.FeatureFlags).ToList();
        if (before.Count != after.Count || snapshot.Version < lastFleet.Version)
        {
            return null;
        }

        var matchers = after.Select(c => SelectorMatcher.Compile(c.Selector)).ToList();
        var removed = new List<(string Key, string? Label)>();
        var set = new List<SnapshotKeyValue>();
        for (var c = 0; c < after.Count; c++)
        {
            if (before[c].Selector != after[c].Selector || before[c].Pages.Count != after[c].Pages.Count)
            {
                return null;
            }

            for (var p = 0; p < after[c].Pages.Count; p++)
            {
                var (oldPage, newPage) = (before[c].Pages[p], after[c].Pages[p]);
                if (ReferenceEquals(oldPage, newPage))
                {
                    continue;
                }

                var kept = newPage.Settings.Select(s => (s.Key, s.Label)).ToHashSet();
                foreach (var setting in oldPage.Settings.Concat(newPage.Settings))
                {
                    if (ListedByAnother(matchers, c, setting))
                    {
                        return null;
                    }
                }

                // Removals go first in With: a setting that moved to another changed page is set again there.
                removed.AddRange(oldPage.Settings.Select(s => (s.Key, s.Label)).Where(identity => !kept.Contains(identity)));
                set.AddRange(newPage.Settings.Select(SnapshotMapper.ToKeyValue));
            }
        }

        return lastFleet.With(snapshot.Version, removed, set);
    }

    private static bool ListedByAnother(List<SelectorMatcher> matchers, int collection, ConfigurationSetting setting)
    {
        for (var other = 0; other < matchers.Count; other++)
        {
            if (other != collection && matchers[other].Matches(setting.Key, setting.Label))
            {
                return true;
            }
        }

        return false;
    }
}
