namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>Which feature flags to load and how often to look for changes.</summary>
public sealed class FeatureFlagOptions
{
    internal List<KeyValueSelector> Selectors { get; } = [];

    internal TimeSpan RefreshInterval { get; private set; } = RefreshIntervals.Default;

    /// <summary>
    /// Loads the flags whose id matches <paramref name="featureFlagFilter"/> (<c>*</c>, <c>prefix*</c> or exact ids)
    /// under <paramref name="labelFilter"/> (default: no label). Later selections win for the same flag.
    /// Without any <c>Select</c>, all flags without a label are loaded.
    /// </summary>
    public FeatureFlagOptions Select(string featureFlagFilter, string? labelFilter = SettingSelector.NoLabel)
    {
        ArgumentException.ThrowIfNullOrEmpty(featureFlagFilter);
        var keyFilter = string.Join(",", featureFlagFilter.Split(',').Select(f => FeatureFlagMapper.KeyPrefix + f.Trim()));
        Selectors.Add(new KeyValueSelector(keyFilter, string.IsNullOrEmpty(labelFilter) ? SettingSelector.NoLabel : labelFilter));
        return this;
    }

    /// <summary>How often flags are checked for changes: 30 seconds by default, at least 1 second.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval is shorter than one second.</exception>
    public FeatureFlagOptions SetRefreshInterval(TimeSpan refreshInterval)
    {
        RefreshInterval = RefreshIntervals.Validate(refreshInterval, nameof(refreshInterval));
        return this;
    }
}
