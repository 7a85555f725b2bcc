namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>Settings in the order the store lists a collection in (and a snapshot's): by key, then label, ordinal.</summary>
internal sealed class SettingIdentityOrder : IComparer<ConfigurationSetting>
{
    public static readonly SettingIdentityOrder Instance = new();

    public int Compare(ConfigurationSetting? x, ConfigurationSetting? y) =>
        ReferenceEquals(x, y) ? 0
        : x is null ? -1
        : y is null ? 1
        : SnapshotKeyValueOrder.CompareIdentities(x.Key, x.Label, y.Key, y.Label);
}
