using System.Collections.Immutable;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The whole selection of one store at one version: key-values sorted by key, then label (ordinal), at most one per
/// key and label. Immutable. <see cref="Version"/> orders snapshots (it comes from the store, never from a clock);
/// <see cref="Hash"/> identifies the content, so that a follower can tell that a delta gave exactly the leader's state.
/// </summary>
/// <remarks>
/// The key-values are kept in a persistent sorted tree: a snapshot made from another by a delta shares every
/// unchanged key-value (and most of the tree) with it, so a toggle costs the follower O(k log n), not O(n).
/// </remarks>
public sealed class KeyValueSnapshot
{
    private static readonly ImmutableSortedSet<SnapshotKeyValue> NoKeyValues = ImmutableSortedSet.Create<SnapshotKeyValue>(SnapshotKeyValueOrder.Instance);
    private readonly ImmutableSortedSet<SnapshotKeyValue> _keyValues;

    private KeyValueSnapshot(long version, ImmutableSortedSet<SnapshotKeyValue> keyValues, SnapshotContentHash contentHash, SnapshotChange? change)
    {
        Version = version;
        _keyValues = keyValues;
        ContentHash = contentHash;
        Hash = contentHash.ToString();
        Change = change;
    }

    /// <summary>The store's sequence number this snapshot reflects; a higher version is a newer state.</summary>
    public long Version { get; }

    /// <summary>
    /// The content hash, 64 lowercase hex digits: the sum modulo 2^256 of the SHA-256 of each key-value's canonical
    /// bytes. A consistency check between leader and followers, not a signature (whoever can write to Redis can
    /// change the flags anyway).
    /// </summary>
    public string Hash { get; }

    /// <summary>The key-values, sorted by key, then label; indexing costs O(log n).</summary>
    public IReadOnlyList<SnapshotKeyValue> KeyValues => _keyValues;

    internal SnapshotContentHash ContentHash { get; }

    /// <summary>How this snapshot was made from the one before by a delta, or null when it was made whole.</summary>
    internal SnapshotChange? Change { get; }

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

        var sorted = NoKeyValues.Union(byIdentity.Values);
        return new KeyValueSnapshot(version, sorted, SnapshotContentHash.Of(sorted), null);
    }

    /// <summary>Says which version, how many key-values and the hash; never the values.</summary>
    public override string ToString() => $"snapshot v{Version} ({_keyValues.Count} key-values, {Hash[..12]})";

    /// <summary>
    /// This snapshot with <paramref name="removed"/> taken out, then <paramref name="set"/> put in (the last wins for
    /// the same key and label), at <paramref name="version"/>. Costs O(k log n) for k changes: the unchanged
    /// key-values and the hash of everything else are shared, not recomputed.
    /// </summary>
    internal KeyValueSnapshot With(long version, IEnumerable<(string Key, string? Label)> removed, IEnumerable<SnapshotKeyValue> set)
    {
        var keyValues = _keyValues;
        var hash = ContentHash;
        var changes = new List<(SnapshotKeyValue? Old, SnapshotKeyValue? New)>();
        foreach (var (key, label) in removed)
        {
            if (keyValues.TryGetValue(new SnapshotKeyValue(key, label, null, null, null), out var old))
            {
                keyValues = keyValues.Remove(old);
                hash = hash.Remove(old);
                changes.Add((old, null));
            }
        }

        foreach (var keyValue in set)
        {
            SnapshotKeyValue? old = null;
            if (keyValues.TryGetValue(keyValue, out var existing))
            {
                if (existing == keyValue)
                {
                    // The same content: keep the object in force (whoever cached work per object keeps it).
                    continue;
                }

                old = existing;
                keyValues = keyValues.Remove(existing);
                hash = hash.Remove(existing);
            }

            keyValues = keyValues.Add(keyValue);
            hash = hash.Add(keyValue);
            changes.Add((old, keyValue));
        }

        return new KeyValueSnapshot(version, keyValues, hash, new SnapshotChange(Version, ContentHash, changes));
    }
}
