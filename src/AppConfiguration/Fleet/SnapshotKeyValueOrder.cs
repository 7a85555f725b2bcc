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

        var byKey = string.CompareOrdinal(x.Key, y.Key);
        return byKey != 0 ? byKey : string.CompareOrdinal(x.Label, y.Label);
    }
}
