namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Where the snapshots of a store come from, seen by whoever exposes them (the configuration provider): the one in
/// force and an event when a newer one replaces it. Versions only ever go up.
/// </summary>
public interface IKeyValueSnapshotSource
{
    /// <summary>The snapshot in force, or null before the first.</summary>
    KeyValueSnapshot? Current { get; }

    /// <summary>Raised after <see cref="Current"/> changed to a newer version; handlers must not block.</summary>
    event EventHandler<KeyValueSnapshot>? SnapshotChanged;
}
