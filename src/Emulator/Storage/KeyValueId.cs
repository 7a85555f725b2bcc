namespace OpenFeatureAppConfig.Emulator.Storage;

/// <summary>What identifies a key-value: its key and its label (null = no label).</summary>
internal readonly record struct KeyValueId(string Key, string? Label) : IComparable<KeyValueId>
{
    /// <summary>The service's listing order: key, then label with "no label" first, both ordinal.</summary>
    public int CompareTo(KeyValueId other)
    {
        var byKey = string.CompareOrdinal(Key, other.Key);
        if (byKey != 0)
        {
            return byKey;
        }

        return CompareLabels(Label, other.Label);
    }

    /// <summary>Orders labels with "no label" first, then ordinally.</summary>
    public static int CompareLabels(string? left, string? right) => (left, right) switch
    {
        (null, null) => 0,
        (null, _) => -1,
        (_, null) => 1,
        _ => string.CompareOrdinal(left, right),
    };
}
