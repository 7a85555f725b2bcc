using Azure;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>The pages of one selected collection as last read, with their entity tags. Immutable.</summary>
internal sealed class CollectionSnapshot
{
    public CollectionSnapshot(KeyValueSelector selector, IReadOnlyList<CachedPage> pages)
    {
        Selector = selector;
        Pages = pages;
    }

    public KeyValueSelector Selector { get; }

    public IReadOnlyList<CachedPage> Pages { get; }

    public IEnumerable<ConfigurationSetting> Settings => Pages.SelectMany(p => p.Settings);

    /// <summary>
    /// Reads the collection page by page. Given the previous snapshot, each known page is asked for conditionally:
    /// a 304 reuses the cached settings. Returns the new snapshot and whether anything differs.
    /// </summary>
    public static async Task<(CollectionSnapshot Snapshot, bool Changed)> ReadAsync(
        AppConfigurationClient client, KeyValueSelector selector, CollectionSnapshot? previous, CancellationToken cancellationToken)
    {
        var known = previous?.Pages.ToDictionary(p => p.Link ?? string.Empty, StringComparer.Ordinal);
        var settingSelector = selector.ToSettingSelector();
        var pages = new List<CachedPage>(previous?.Pages.Count ?? 1);
        var changed = previous is null;
        string? link = null;
        do
        {
            CachedPage? cached = null;
            known?.TryGetValue(link ?? string.Empty, out cached);
            var page = (await client.GetConfigurationSettingsPageAsync(settingSelector, link, cached?.ETag, cancellationToken).ConfigureAwait(false)).Value;
            CachedPage current;
            if (page.IsUnchanged && cached is not null)
            {
                // A 304 may come without a Link header; the cached page knows its successor.
                current = cached;
            }
            else
            {
                current = new CachedPage(link, page.ETag, page.Settings, page.ContinuationToken);
                changed = true;
            }

            pages.Add(current);
            link = page.IsUnchanged ? page.ContinuationToken ?? cached?.NextLink : page.ContinuationToken;
        }
        while (link is not null);

        changed |= previous is not null && previous.Pages.Count != pages.Count;
        return (new CollectionSnapshot(selector, pages), changed);
    }

    /// <summary>One page: the link it was read from (null for the first), its entity tag, settings and successor.</summary>
    internal sealed record CachedPage(string? Link, ETag ETag, IReadOnlyList<ConfigurationSetting> Settings, string? NextLink);
}
