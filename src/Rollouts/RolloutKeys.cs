namespace OpenFeatureAppConfig.Rollouts;

/// <summary>Where rollout plans live in an App Configuration store (see docs/rollouts.md).</summary>
public static class RolloutKeys
{
    /// <summary>
    /// The key prefix of rollout plans: the plan of flag <c>f</c> is the key-value <c>.openfeatureappconfig.rollout/f</c>
    /// with the flag's label. Ours, and outside Azure's reserved <c>.appconfig.</c> prefix.
    /// </summary>
    public const string KeyPrefix = ".openfeatureappconfig.rollout/";

    /// <summary>The content type of a rollout plan key-value (version 1 of the plan schema).</summary>
    public const string ContentType = "application/vnd.openfeatureappconfig.rollout+json;version=1";

    /// <summary>The key of the rollout plan of the flag <paramref name="flagName"/>.</summary>
    public static string KeyFor(string flagName)
    {
        ArgumentException.ThrowIfNullOrEmpty(flagName);
        return KeyPrefix + flagName;
    }

    /// <summary>The flag name of a rollout plan key, or null when <paramref name="key"/> is not one.</summary>
    internal static string? FlagNameOf(string key) =>
        key.StartsWith(KeyPrefix, StringComparison.Ordinal) && key.Length > KeyPrefix.Length ? key[KeyPrefix.Length..] : null;

    internal const string FeatureFlagPrefix = ".appconfig.featureflag/";

    internal const string FeatureFlagContentType = "application/vnd.microsoft.appconfig.ff+json;charset=utf-8";
}
