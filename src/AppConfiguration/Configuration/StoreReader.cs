using Azure;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Reads one source's snapshot from the store: every selected collection and sentinel at once, or only what is due
/// with conditional requests (an unchanged page reuses what is cached). Knows what to read, not when.
/// </summary>
internal sealed class StoreReader
{
    private readonly AppConfigurationClient _client;
    private readonly KeyValueSelector[] _keyValueSelectors;
    private readonly KeyValueSelector[] _featureFlagSelectors;
    private readonly (string Key, string Label, bool RefreshAll)[] _sentinels;
    private readonly bool _watchAllKeyValues;
    private readonly SelectorMatcher[] _keyValueMatchers;
    private readonly SelectorMatcher[] _featureFlagMatchers;

    public StoreReader(AppConfigurationClient client, AzureAppConfigurationOptions options)
    {
        _client = client;
        var selection = Selection = SelectionPlan.For(options);
        _keyValueSelectors = [.. selection.KeyValues];
        _featureFlagSelectors = [.. selection.FeatureFlags];
        FlagsFromKeyValues = selection.FlagsFromKeyValues;
        UsesFeatureFlags = options.FeatureFlags is not null;
        _sentinels = options.Refresh is null ? [] : [.. options.Refresh.Sentinels];
        _watchAllKeyValues = options.Refresh?.WatchAll ?? false;
        WatchesKeyValues = _watchAllKeyValues || _sentinels.Length > 0;
        KeyValueInterval = options.Refresh?.RefreshInterval ?? RefreshIntervals.Default;
        FeatureFlagInterval = options.FeatureFlags?.RefreshInterval ?? RefreshIntervals.Default;
        _keyValueMatchers = [.. _keyValueSelectors.Select(SelectorMatcher.Compile)];
        _featureFlagMatchers = [.. _featureFlagSelectors.Select(SelectorMatcher.Compile)];
    }

    /// <summary>How many sentinel keys are registered (the entity tags a snapshot keeps for them).</summary>
    public int SentinelCount => _sentinels.Length;

    /// <summary>How often the key-values are checked (when <see cref="WatchesKeyValues"/>).</summary>
    public TimeSpan KeyValueInterval { get; }

    /// <summary>How often the feature flags are checked (when <see cref="UsesFeatureFlags"/>).</summary>
    public TimeSpan FeatureFlagInterval { get; }

    /// <summary>What is read: the selectors, and whether the flags come out of the key-value collections.</summary>
    public SelectionPlan Selection { get; }

    /// <summary>Whether key-values are refreshed at all (every one, or through sentinels).</summary>
    public bool WatchesKeyValues { get; }

    /// <summary>Whether feature flags are loaded (and so refreshed).</summary>
    public bool UsesFeatureFlags { get; }

    /// <summary>Whether the flags are taken out of the key-value collections (<see cref="SelectionPlan"/>).</summary>
    public bool FlagsFromKeyValues { get; }

    /// <summary>Reads every collection and sentinel unconditionally.</summary>
    public async Task<StoreSnapshot> ReadAllAsync(CancellationToken cancellationToken)
    {
        var keyValues = new List<CollectionSnapshot>(_keyValueSelectors.Length);
        foreach (var selector in _keyValueSelectors)
        {
            keyValues.Add((await CollectionSnapshot.ReadAsync(_client, selector, null, cancellationToken).ConfigureAwait(false)).Snapshot);
        }

        var featureFlags = new List<CollectionSnapshot>(_featureFlagSelectors.Length);
        foreach (var selector in _featureFlagSelectors)
        {
            featureFlags.Add((await CollectionSnapshot.ReadAsync(_client, selector, null, cancellationToken).ConfigureAwait(false)).Snapshot);
        }

        var sentinels = new List<ETag?>(_sentinels.Length);
        foreach (var sentinel in _sentinels)
        {
            sentinels.Add((await CheckSentinelAsync(sentinel.Key, sentinel.Label, null, cancellationToken).ConfigureAwait(false)).ETag);
        }

        return new StoreSnapshot(keyValues, featureFlags, sentinels, FlagsFromKeyValues, _client.StoreSequenceNumber);
    }

    /// <summary>
    /// Conditional requests for the due pages. A changed sentinel registered with <c>refreshAll</c> makes the
    /// feature flags due too, hence the flags checked are returned.
    /// </summary>
    /// <remarks>
    /// Where the flags come out of the key-value pages, a page that can hold both belongs to the schedule with the
    /// shorter interval and is asked for by that one only: a conditional request answers for everything on it, so
    /// the other schedule asking again would learn nothing new. Each page is then checked once per the shortest
    /// interval of what it can hold (<see cref="PageKeyRange"/>).
    /// </remarks>
    public async Task<(StoreSnapshot Snapshot, bool Changed, bool FeatureFlagsChecked)> ReadChangedAsync(
        StoreSnapshot previous, bool keyValuesDue, bool featureFlagsDue, CancellationToken cancellationToken)
    {
        var keyValues = previous.KeyValues;
        var featureFlags = previous.FeatureFlags;
        var sentinels = previous.SentinelETags;
        var changed = false;
        var reloadKeyValues = false;
        if (keyValuesDue && WatchesKeyValues && _sentinels.Length > 0)
        {
            var updated = new List<ETag?>(_sentinels.Length);
            for (var i = 0; i < _sentinels.Length; i++)
            {
                var (etag, sentinelChanged) = await CheckSentinelAsync(_sentinels[i].Key, _sentinels[i].Label, sentinels[i], cancellationToken).ConfigureAwait(false);
                updated.Add(etag);
                reloadKeyValues |= sentinelChanged;
                featureFlagsDue |= sentinelChanged && _sentinels[i].RefreshAll && UsesFeatureFlags;
            }

            sentinels = updated;
        }

        var keyValuePagesDue = reloadKeyValues || (keyValuesDue && _watchAllKeyValues);
        var flagPagesDue = featureFlagsDue && UsesFeatureFlags;
        if (keyValuePagesDue || (FlagsFromKeyValues && flagPagesDue))
        {
            // A changed sentinel reloads every key-value page, whoever it belongs to.
            Func<int, IReadOnlyList<CollectionSnapshot.CachedPage>, int, bool>? isDue = FlagsFromKeyValues && !reloadKeyValues
                ? (_, pages, index) => IsDue(pages, index, keyValuePagesDue, flagPagesDue)
                : null;
            (keyValues, var keyValuesChanged) = await RereadAsync(previous.KeyValues, isDue, cancellationToken).ConfigureAwait(false);
            changed |= keyValuesChanged;
        }

        if (flagPagesDue)
        {
            (featureFlags, var featureFlagsChanged) = await RereadAsync(previous.FeatureFlags, null, cancellationToken).ConfigureAwait(false);
            changed |= featureFlagsChanged;
        }

        return (new StoreSnapshot(keyValues, featureFlags, sentinels, FlagsFromKeyValues, _client.StoreSequenceNumber), changed, featureFlagsDue);
    }

    /// <summary>
    /// For a push that named its keys: conditional requests for the pages that can hold those keys, in the refreshed
    /// collections whose selectors match them; every other page is kept unasked (the regular schedule still checks
    /// it). A page whose boundaries moved (a key added or removed) has the rest of its collection read after it, as
    /// any refresh does. Null when a key is a sentinel: only the full check answers for it.
    /// </summary>
    public async Task<(StoreSnapshot Snapshot, bool Changed)?> ReadPushedAsync(
        StoreSnapshot previous, IReadOnlyCollection<(string Key, string? Label)> keys, CancellationToken cancellationToken)
    {
        if (keys.Any(k => _sentinels.Any(s => s.Key == k.Key && (s.Label == SettingSelector.NoLabel ? k.Label is null : s.Label == k.Label))))
        {
            return null;
        }

        // Key-values not watched page by page are not read for a push either (their sentinels answer for them).
        var (keyValues, keyValuesChanged) = _watchAllKeyValues
            ? await RereadPagesHoldingAsync(previous.KeyValues, _keyValueMatchers, keys, cancellationToken).ConfigureAwait(false)
            : (previous.KeyValues, false);
        var (featureFlags, featureFlagsChanged) = UsesFeatureFlags
            ? await RereadPagesHoldingAsync(previous.FeatureFlags, _featureFlagMatchers, keys, cancellationToken).ConfigureAwait(false)
            : (previous.FeatureFlags, false);
        var changed = keyValuesChanged || featureFlagsChanged;
        return (new StoreSnapshot(keyValues, featureFlags, previous.SentinelETags, FlagsFromKeyValues, _client.StoreSequenceNumber), changed);
    }

    /// <summary>Rereads the pages that can hold one of <paramref name="keys"/>, in the collections whose selectors list it.</summary>
    private Task<(IReadOnlyList<CollectionSnapshot> Collections, bool Changed)> RereadPagesHoldingAsync(
        IReadOnlyList<CollectionSnapshot> previous, SelectorMatcher[] matchers, IReadOnlyCollection<(string Key, string? Label)> keys, CancellationToken cancellationToken)
    {
        var named = matchers.Select(matcher => keys.Where(k => matcher.Matches(k.Key, k.Label)).Select(k => k.Key).ToList()).ToList();
        return RereadAsync(previous, (collection, pages, index) => named[collection].Any(key => PageKeyRange.Holds(pages, index, key)), cancellationToken);
    }

    /// <summary>Whether page <paramref name="index"/> of an all-keys collection the flags come out of is due.</summary>
    private bool IsDue(IReadOnlyList<CollectionSnapshot.CachedPage> pages, int index, bool keyValuesDue, bool featureFlagsDue)
    {
        var (holdsKeyValues, holdsFeatureFlags) = PageKeyRange.CanHold(pages, index);
        var ownedByFeatureFlags = holdsFeatureFlags && (!holdsKeyValues || FeatureFlagInterval < KeyValueInterval);
        return ownedByFeatureFlags ? featureFlagsDue : keyValuesDue;
    }

    /// <summary>
    /// Rereads the collections; <c>isDue</c> says which pages to ask for, by collection and position in it (every one
    /// when null). A collection with no page due is kept as it is, unasked.
    /// </summary>
    private async Task<(IReadOnlyList<CollectionSnapshot> Collections, bool Changed)> RereadAsync(
        IReadOnlyList<CollectionSnapshot> previous, Func<int, IReadOnlyList<CollectionSnapshot.CachedPage>, int, bool>? isDue, CancellationToken cancellationToken)
    {
        var collections = new List<CollectionSnapshot>(previous.Count);
        var changed = false;
        for (var c = 0; c < previous.Count; c++)
        {
            var collection = previous[c];
            Func<CollectionSnapshot.CachedPage, bool>? pageIsDue = null;
            if (isDue is not null)
            {
                var due = collection.Pages.Where((_, index) => isDue(c, collection.Pages, index)).ToHashSet(ReferenceEqualityComparer.Instance);
                if (due.Count == 0)
                {
                    collections.Add(collection);
                    continue;
                }

                pageIsDue = due.Contains;
            }

            var (snapshot, collectionChanged) = await CollectionSnapshot.ReadAsync(_client, collection.Selector, collection, cancellationToken, pageIsDue).ConfigureAwait(false);
            collections.Add(snapshot);
            changed |= collectionChanged;
        }

        return (collections, changed);
    }

    private async Task<(ETag? ETag, bool Changed)> CheckSentinelAsync(string key, string label, ETag? known, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.GetConfigurationSettingIfChangedAsync(key, label == SettingSelector.NoLabel ? null : label, known, cancellationToken).ConfigureAwait(false);
            return response.Value is { } setting ? (setting.ETag, setting.ETag != known) : (known, false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, known is not null);
        }
    }
}
