namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>The canonical order of a snapshot: by key, then label (no label first), both ordinal.</summary>
internal sealed class SnapshotKeyValueOrder : IComparer<SnapshotKeyValue>
{
    public static readonly SnapshotKeyValueOrder Instance = new();

    public int Compare(SnapshotKeyValue? x, SnapshotKeyValue? y)
    {
        if (ReferenceEquals(x, y))
        {
            return 0;
        }

        if (x is null || y is null)
        {
            return x is null ? -1 : 1;
        }

        return CompareIdentities(x.Key, x.Label, y.Key, y.Label);
    }

    /// <summary>The canonical order of two identities (key, label), for whatever carries them.</summary>
    public static int CompareIdentities(string keyX, string? labelX, string keyY, string? labelY)
    {
        var byKey = string.CompareOrdinal(keyX, keyY);
        return byKey != 0 ? byKey : string.CompareOrdinal(labelX, labelY);
    }
}
