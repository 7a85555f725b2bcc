namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The whole selection of one store at one version: key-values sorted by key, then label (ordinal), at most one per
/// key and label. Immutable. <see cref="Version"/> orders snapshots (it comes from the store, never from a clock);
/// <see cref="Hash"/> identifies the content, so that a follower can tell that a delta gave exactly the leader's state.
/// </summary>
public sealed class KeyValueSnapshot
{
    private KeyValueSnapshot(long version, IReadOnlyList<SnapshotKeyValue> keyValues, string hash)
    {
        Version = version;
        KeyValues = keyValues;
        Hash = hash;
    }

    /// <summary>The store's sequence number this snapshot reflects; a higher version is a newer state.</summary>
    public long Version { get; }

    /// <summary>The content hash (SHA-256 of the canonical serialized key-values, lowercase hex).</summary>
    public string Hash { get; }

    /// <summary>The key-values, sorted by key, then label.</summary>
    public IReadOnlyList<SnapshotKeyValue> KeyValues { get; }

    /// <summary>Makes a snapshot from key-values in any order; for the same key and label, the last one wins.</summary>
    /// <exception cref="ArgumentOutOfRangeException"><paramref name="version"/> is negative.</exception>
    public static KeyValueSnapshot Create(long version, IEnumerable<SnapshotKeyValue> keyValues)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(version);
        ArgumentNullException.ThrowIfNull(keyValues);
        var byIdentity = new Dictionary<(string Key, string? Label), SnapshotKeyValue>();
        foreach (var keyValue in keyValues)
        {
            byIdentity[(keyValue.Key, keyValue.Label)] = keyValue;
        }

        var sorted = byIdentity.Values.ToList();
        sorted.Sort(SnapshotKeyValueOrder.Instance);
        return new KeyValueSnapshot(version, sorted, SnapshotJson.HashOf(sorted));
    }

    /// <summary>Says which version, how many key-values and the hash; never the values.</summary>
    public override string ToString() => $"snapshot v{Version} ({KeyValues.Count} key-values, {Hash[..12]})";
}
