using Azure;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// How the leader's last read of the store was paged: for each collection (by selector), each page's link, entity tag
/// and number of settings. A follower that falls back to polling the store itself pages its own copy of the fleet's
/// snapshot the same way, so that its first read asks for each page conditionally (an unchanged page answers 304 with
/// no body) instead of loading every page again.
/// </summary>
/// <remarks>
/// A layout older than the snapshot in force is safe: a page that changed since answers 200 and is read, and a page
/// whose boundaries moved (a key added or removed) changes its successor's link, so the chain of links leaves the
/// known pages and every page after it is read again (<see cref="CollectionSnapshot.ReadAsync"/>). A known page that
/// the chain reaches again starts where it started in the layout, so the follower's copy of it is split alike.
/// </remarks>
internal sealed record StorePageLayout(IReadOnlyList<CollectionPageLayout> Collections)
{
    /// <summary>The layout of a read: every collection, key-values first.</summary>
    public static StorePageLayout Of(StoreSnapshot snapshot) =>
        new([.. snapshot.KeyValues.Concat(snapshot.FeatureFlags).Select(collection => new CollectionPageLayout(
            collection.Selector.KeyFilter,
            collection.Selector.LabelFilter,
            [.. collection.Pages.Select(page => new PageMark(page.Link, page.ETag.ToString(), page.Settings.Count))]))]);

    /// <summary>
    /// <paramref name="snapshot"/> (as mapped from the fleet: one page per collection) paged as this layout pages the
    /// same selectors, or null when some collection has no layout here.
    /// </summary>
    public StoreSnapshot? Page(StoreSnapshot snapshot) =>
        PageAll(snapshot.KeyValues) is { } keyValues && PageAll(snapshot.FeatureFlags) is { } featureFlags
            ? snapshot with { KeyValues = keyValues, FeatureFlags = featureFlags, Origin = null, Change = null }
            : null;

    private List<CollectionSnapshot>? PageAll(IReadOnlyList<CollectionSnapshot> collections)
    {
        var paged = new List<CollectionSnapshot>(collections.Count);
        foreach (var collection in collections)
        {
            var layout = Collections.FirstOrDefault(c =>
                c.KeyFilter == collection.Selector.KeyFilter && c.LabelFilter == collection.Selector.LabelFilter && c.Pages.Count > 0);
            if (layout is null)
            {
                return null;
            }

            paged.Add(Split(collection, layout.Pages));
        }

        return paged;
    }

    private static CollectionSnapshot Split(CollectionSnapshot collection, IReadOnlyList<PageMark> marks)
    {
        var settings = collection.Settings.ToList();
        var pages = new List<CollectionSnapshot.CachedPage>(marks.Count);
        var at = 0;
        for (var i = 0; i < marks.Count; i++)
        {
            var last = i == marks.Count - 1;
            // The last page takes what is left: the collection may have grown since the layout was read.
            var count = last ? settings.Count - at : Math.Min(marks[i].Count, settings.Count - at);
            pages.Add(new CollectionSnapshot.CachedPage(marks[i].Link, new ETag(marks[i].ETag), settings.GetRange(at, count), last ? null : marks[i + 1].Link));
            at += count;
        }

        return new CollectionSnapshot(collection.Selector, pages);
    }
}

/// <summary>The pages of one selector's collection, in order.</summary>
internal sealed record CollectionPageLayout(string KeyFilter, string LabelFilter, IReadOnlyList<PageMark> Pages);

/// <summary>One page: the link it was read from (null for the first), its entity tag, how many settings it held.</summary>
internal readonly record struct PageMark(string? Link, string ETag, int Count);
