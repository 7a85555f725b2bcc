namespace OpenFeatureAppConfig.Emulator.FeatureFlags;

/// <summary>Where feature flags live among the key-values.</summary>
internal static class FeatureFlagKeys
{
    /// <summary>The key prefix of feature flags; the key is the prefix followed by the flag's id.</summary>
    public const string Prefix = ".appconfig.featureflag/";

    /// <summary>Whether <paramref name="key"/> is a feature flag's key.</summary>
    public static bool IsFeatureFlag(string key) => key.StartsWith(Prefix, StringComparison.Ordinal);
}
