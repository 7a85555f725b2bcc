namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// How a <see cref="StoreSnapshot"/> differs from the one mapped before it (named by <see cref="BaseOrigin"/>): for each
/// collection, in selection order, the settings replaced, added or removed, in the order applied. Whoever built the
/// base can then patch its build by these settings alone instead of comparing every setting.
/// </summary>
/// <param name="BaseOrigin">The <see cref="StoreSnapshot.Origin"/> of the snapshot this one was made from.</param>
/// <param name="KeyValues">The changes of each key-value collection.</param>
/// <param name="FeatureFlags">The changes of each feature-flag collection.</param>
internal sealed record StoreChange(
    object BaseOrigin,
    IReadOnlyList<SettingChange>[] KeyValues,
    IReadOnlyList<SettingChange>[] FeatureFlags);

/// <summary>One setting of a collection replaced (both set, same key and label), added (no before) or removed (no after).</summary>
internal readonly record struct SettingChange(ConfigurationSetting? Before, ConfigurationSetting? After);
