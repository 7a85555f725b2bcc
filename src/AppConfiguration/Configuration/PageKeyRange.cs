namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// What a page of an all-keys listing can hold: the store lists keys in order and each page starts strictly after
/// the previous page's last key, so a page answers for the keys from there up to its own last key (the first page
/// from the start, the last page to the end). A key written in that range changes this page's entity tag and no
/// other's, so a conditional request for the page answers for every such key, present or future.
/// </summary>
internal static class PageKeyRange
{
    /// <summary>Whether page <paramref name="index"/> of <paramref name="pages"/> can hold key-values and feature flags.</summary>
    public static (bool KeyValues, bool FeatureFlags) CanHold(IReadOnlyList<CollectionSnapshot.CachedPage> pages, int index)
    {
        // Null: no bound (or one not known, which is read as none, so that nothing is left out).
        var after = index == 0 ? null : LastKey(pages[index - 1]);
        var upTo = pages[index].NextLink is null ? null : LastKey(pages[index]);
        const string Prefix = FeatureFlagMapper.KeyPrefix;

        // The keys with the prefix are contiguous in key order: between two of them there are flags only.
        var keyValues = after is null || upTo is null || !after.StartsWith(Prefix, StringComparison.Ordinal) || !upTo.StartsWith(Prefix, StringComparison.Ordinal);
        var featureFlags = (upTo is null || string.CompareOrdinal(upTo, Prefix) >= 0)
            && (after is null || string.CompareOrdinal(after, Prefix) < 0 || after.StartsWith(Prefix, StringComparison.Ordinal));
        return (keyValues, featureFlags);
    }

    /// <summary>
    /// Whether page <paramref name="index"/> of <paramref name="pages"/> can hold <paramref name="key"/> (under any
    /// label: a key's labels may span two pages, and both can hold it then).
    /// </summary>
    public static bool Holds(IReadOnlyList<CollectionSnapshot.CachedPage> pages, int index, string key)
    {
        var after = index == 0 ? null : LastKey(pages[index - 1]);
        var upTo = pages[index].NextLink is null ? null : LastKey(pages[index]);
        return (after is null || string.CompareOrdinal(after, key) <= 0) && (upTo is null || string.CompareOrdinal(key, upTo) <= 0);
    }

    private static string? LastKey(CollectionSnapshot.CachedPage page) => page.Settings.Count == 0 ? null : page.Settings[^1].Key;
}
