namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>How selected key-values are watched for changes.</summary>
public sealed class AzureAppConfigurationRefreshOptions
{
    internal bool WatchAll { get; private set; }

    internal List<(string Key, string Label, bool RefreshAll)> Sentinels { get; } = [];

    internal TimeSpan RefreshInterval { get; private set; } = RefreshIntervals.Default;

    /// <summary>
    /// Watches every selected key-value with conditional page requests: one request per page per interval, and an
    /// unchanged page (304) costs no body.
    /// </summary>
    public AzureAppConfigurationRefreshOptions RegisterAll()
    {
        WatchAll = true;
        return this;
    }

    /// <summary>
    /// Watches one key (a sentinel): when it changes, the selected key-values are reloaded, and with
    /// <paramref name="refreshAll"/> the feature flags as well.
    /// </summary>
    public AzureAppConfigurationRefreshOptions Register(string key, string? label = SettingSelector.NoLabel, bool refreshAll = false)
    {
        ArgumentException.ThrowIfNullOrEmpty(key);
        Sentinels.Add((key, string.IsNullOrEmpty(label) ? SettingSelector.NoLabel : label, refreshAll));
        return this;
    }

    /// <summary>How often key-values are checked: 30 seconds by default, at least 1 second.</summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval is shorter than one second.</exception>
    public AzureAppConfigurationRefreshOptions SetRefreshInterval(TimeSpan refreshInterval)
    {
        RefreshInterval = RefreshIntervals.Validate(refreshInterval, nameof(refreshInterval));
        return this;
    }
}
