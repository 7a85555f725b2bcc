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
    public static SnapshotDelta Between(KeyValueSnapshot? previous, KeyValueSnapshot next)
    {
        var before = previous?.KeyValues.ToDictionary(kv => (kv.Key, kv.Label)) ?? [];
        var set = next.KeyValues.Where(kv => !before.TryGetValue((kv.Key, kv.Label), out var old) || old != kv).ToList();
        var kept = next.KeyValues.Select(kv => (kv.Key, kv.Label)).ToHashSet();
        var removed = before.Keys.Where(identity => !kept.Contains(identity)).ToList();
        return new SnapshotDelta(previous?.Version ?? 0, next.Version, next.Hash, set, removed);
    }

    /// <summary>
    /// The snapshot this delta makes of <paramref name="baseSnapshot"/>, or null when the result does not have the
    /// announced hash (the base differed from the leader's): the caller then loads the full snapshot.
    /// </summary>
    public KeyValueSnapshot? ApplyTo(KeyValueSnapshot baseSnapshot)
    {
        var removed = Removed.ToHashSet();
        var result = KeyValueSnapshot.Create(
            Version,
            baseSnapshot.KeyValues.Where(kv => !removed.Contains((kv.Key, kv.Label))).Concat(Set));
        return string.Equals(result.Hash, Hash, StringComparison.Ordinal) ? result : null;
    }
}
