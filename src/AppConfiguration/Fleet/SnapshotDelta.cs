namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// What changed from one snapshot version to the next: the key-values added or changed and the identities removed,
/// with the resulting version and content hash.
/// </summary>
internal sealed record SnapshotDelta(
    long BaseVersion,
    long Version,
    string Hash,
    IReadOnlyList<SnapshotKeyValue> Set,
    IReadOnlyList<(string Key, string? Label)> Removed)
{
    /// <summary>
    /// The delta from <paramref name="previous"/> to <paramref name="next"/>: the changes <paramref name="next"/> was
    /// made by when it was made from <paramref name="previous"/> (O(k)), else one merge of the two sorted lists, O(n).
    /// </summary>
    public static SnapshotDelta Between(KeyValueSnapshot? previous, KeyValueSnapshot next)
    {
        if (previous is not null && next.Change is { } change && change.BaseVersion == previous.Version && change.BaseHash == previous.ContentHash)
        {
            return FromChange(previous, next, change);
        }

        var set = new List<SnapshotKeyValue>();
        var removed = new List<(string Key, string? Label)>();
        using var before = (previous?.KeyValues ?? []).GetEnumerator();
        using var after = next.KeyValues.GetEnumerator();
        var hasBefore = before.MoveNext();
        var hasAfter = after.MoveNext();
        while (hasBefore || hasAfter)
        {
            var order = !hasBefore ? 1 : !hasAfter ? -1 : SnapshotKeyValueOrder.Instance.Compare(before.Current, after.Current);
            if (order < 0)
            {
                removed.Add((before.Current.Key, before.Current.Label));
                hasBefore = before.MoveNext();
            }
            else if (order > 0)
            {
                set.Add(after.Current);
                hasAfter = after.MoveNext();
            }
            else
            {
                if (before.Current != after.Current)
                {
                    set.Add(after.Current);
                }

                hasBefore = before.MoveNext();
                hasAfter = after.MoveNext();
            }
        }

        return new SnapshotDelta(previous?.Version ?? 0, next.Version, next.Hash, set, removed);
    }

    private static SnapshotDelta FromChange(KeyValueSnapshot previous, KeyValueSnapshot next, SnapshotChange change)
    {
        var set = new List<SnapshotKeyValue>();
        var removed = new List<(string Key, string? Label)>();
        foreach (var (old, now) in change.KeyValues)
        {
            if (now is not null)
            {
                set.Add(now);
            }
            else if (old is not null)
            {
                removed.Add((old.Key, old.Label));
            }
        }

        return new SnapshotDelta(previous.Version, next.Version, next.Hash, set, removed);
    }

    /// <summary>
    /// The snapshot this delta makes of <paramref name="baseSnapshot"/>, or null when the result does not have the
    /// announced hash (the base differed from the leader's): the caller then loads the full snapshot. Costs
    /// O(k log n) for k changes; the result shares every unchanged key-value with the base.
    /// </summary>
    public KeyValueSnapshot? ApplyTo(KeyValueSnapshot baseSnapshot)
    {
        var result = baseSnapshot.With(Version, Removed, Set);
        return string.Equals(result.Hash, Hash, StringComparison.Ordinal) ? result : null;
    }
}
