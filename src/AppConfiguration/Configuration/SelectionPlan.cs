namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// What a source reads from the store: the key-value collections, the feature-flag collections read on their own,
/// and whether the flags are taken from the key-value collections instead.
/// </summary>
/// <remarks>
/// A key filter cannot say "everything but the flags", so a selection of every key (<c>*</c>) lists the
/// <c>.appconfig.featureflag/</c> keys as well, and reading the flags on their own downloads them twice. When the
/// flag selection is exactly "every flag" under the same labels in the same order as an all-keys selection, and the
/// key-values are watched page by page, the flags are routed out of the key-value pages by their key prefix instead:
/// each key is downloaded once, and an idle refresh checks each page once per the shorter interval of what it can
/// hold (<see cref="StoreReader.ReadChangedAsync"/>). Key-values not watched page by page (not at all, or through
/// sentinels only) are not routed: a page read for its flags would bring their changes in unasked.
/// </remarks>
/// <param name="KeyValues">The key-value collections, in selection order (later wins).</param>
/// <param name="FeatureFlags">The feature-flag collections read on their own (empty when <paramref name="FlagsFromKeyValues"/>).</param>
/// <param name="FlagsFromKeyValues">Whether the flags come from the key-value collections.</param>
internal sealed record SelectionPlan(IReadOnlyList<KeyValueSelector> KeyValues, IReadOnlyList<KeyValueSelector> FeatureFlags, bool FlagsFromKeyValues)
{
    private const string AllFlags = FeatureFlagMapper.KeyPrefix + SettingSelector.Any;

    public static SelectionPlan For(AzureAppConfigurationOptions options)
    {
        IReadOnlyList<KeyValueSelector> keyValues = options.Selectors.Count > 0
            ? [.. options.Selectors]
            : [new KeyValueSelector(SettingSelector.Any, SettingSelector.NoLabel)];
        if (options.FeatureFlags is not { } flagOptions)
        {
            return new SelectionPlan(keyValues, [], false);
        }

        IReadOnlyList<KeyValueSelector> featureFlags = flagOptions.Selectors.Count > 0
            ? [.. flagOptions.Selectors]
            : [new KeyValueSelector(AllFlags, SettingSelector.NoLabel)];
        var keyValuesWatched = options.Refresh is { WatchAll: true };
        var sameCollections = keyValues.Count == featureFlags.Count
            && keyValues.Zip(featureFlags).All(pair =>
                pair.First.KeyFilter == SettingSelector.Any
                && pair.Second.KeyFilter == AllFlags
                && pair.First.LabelFilter == pair.Second.LabelFilter);
        return keyValuesWatched && sameCollections
            ? new SelectionPlan(keyValues, [], true)
            : new SelectionPlan(keyValues, featureFlags, false);
    }
}
