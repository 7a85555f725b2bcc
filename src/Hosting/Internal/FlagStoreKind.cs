namespace OpenFeatureAppConfig.Hosting.Internal;

/// <summary>Where the flags come from, as chosen by <see cref="FeatureFlagsOptions"/>.</summary>
internal enum FlagStoreKind
{
    /// <summary>The application's own configuration (appsettings.json and the like); nothing was connected.</summary>
    Configuration,

    /// <summary>A local JSON file, reloaded when it changes.</summary>
    File,

    /// <summary>An Azure App Configuration store (or the emulator).</summary>
    AppConfiguration,
}
