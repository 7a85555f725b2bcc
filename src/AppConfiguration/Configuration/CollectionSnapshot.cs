using Azure;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>The pages of one selected collection as last read, with their entity tags. Immutable.</summary>
internal sealed class CollectionSnapshot
{
    private const int MaxConcurrentPageRequests = 8;

    public CollectionSnapshot(KeyValueSelector selector, IReadOnlyList<CachedPage> pages)
    {
        Selector = selector;
        Pages = pages;
    }

    public KeyValueSelector Selector { get; }

    public IReadOnlyList<CachedPage> Pages { get; }

    public IEnumerable<ConfigurationSetting> Settings => Pages.SelectMany(p => p.Settings);

    /// <summary>
    /// Reads the collection page by page. Given the previous snapshot, every known page that is due is asked for
    /// conditionally, all at once (a few at a time): a 304 reuses the cached settings; a known page not due is kept
    /// as it is, unasked. The answers are then chained by their links; where the chain departs from the known pages
    /// (a page changed its boundaries), the rest is read in order. Returns the new snapshot and whether anything
    /// differs. <c>isDue</c> says which known pages to ask for (every one when null).
    /// </summary>
    public static async Task<(CollectionSnapshot Snapshot, bool Changed)> ReadAsync(
        AppConfigurationClient client, KeyValueSelector selector, CollectionSnapshot? previous, CancellationToken cancellationToken, Func<CachedPage, bool>? isDue = null)
    {
        isDue ??= static _ => true;
        var settingSelector = selector.ToSettingSelector();
        var known = previous?.Pages.ToDictionary(p => p.Link ?? string.Empty, StringComparer.Ordinal);
        var due = previous?.Pages.Where(isDue).ToList();
        var prefetched = due is { Count: > 1 }
            ? await PrefetchAsync(client, settingSelector, due, cancellationToken).ConfigureAwait(false)
            : null;
        var pages = new List<CachedPage>(previous?.Pages.Count ?? 1);
        var changed = previous is null;
        string? link = null;
        do
        {
            CachedPage? cached = null;
            known?.TryGetValue(link ?? string.Empty, out cached);
            if (cached is not null && !isDue(cached))
            {
                pages.Add(cached);
                link = cached.NextLink;
                continue;
            }

            ConfigurationSettingsPage? page = null;
            if (prefetched is not null && cached is not null)
            {
                prefetched.TryGetValue(link ?? string.Empty, out page);
            }

            page ??= (await client.GetConfigurationSettingsPageAsync(settingSelector, link, cached?.ETag, cancellationToken).ConfigureAwait(false)).Value;
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

    private static async Task<Dictionary<string, ConfigurationSettingsPage>> PrefetchAsync(
        AppConfigurationClient client, SettingSelector selector, IReadOnlyList<CachedPage> pages, CancellationToken cancellationToken)
    {
        using var slots = new SemaphoreSlim(MaxConcurrentPageRequests);
        var requests = pages.Select(async cached =>
        {
            await slots.WaitAsync(cancellationToken).ConfigureAwait(false);
            try
            {
                var page = (await client.GetConfigurationSettingsPageAsync(selector, cached.Link, cached.ETag, cancellationToken).ConfigureAwait(false)).Value;
                return (Link: cached.Link ?? string.Empty, Page: page);
            }
            finally
            {
                slots.Release();
            }
        });
        var answers = await Task.WhenAll(requests).ConfigureAwait(false);
        return answers.ToDictionary(a => a.Link, a => a.Page, StringComparer.Ordinal);
    }

    /// <summary>One page: the link it was read from (null for the first), its entity tag, settings and successor.</summary>
    internal sealed record CachedPage(string? Link, ETag ETag, IReadOnlyList<ConfigurationSetting> Settings, string? NextLink);
}
