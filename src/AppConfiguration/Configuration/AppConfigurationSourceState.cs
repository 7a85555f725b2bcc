namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>How current the configuration from the store is.</summary>
public enum AppConfigurationSourceState
{
    /// <summary>Nothing was loaded yet (the store was unreachable and there is no last-known-good file).</summary>
    NotLoaded,

    /// <summary>Loaded from the store, and the last refresh succeeded.</summary>
    Loaded,

    /// <summary>Serving an older snapshot (from the store or the last-known-good file) because refreshes fail.</summary>
    Stale,
}
