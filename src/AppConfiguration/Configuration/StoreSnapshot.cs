using Azure;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>Everything read from the store in one load or refresh: collections and sentinel tags. Immutable.</summary>
/// <param name="KeyValues">The key-value collections, in selection order.</param>
/// <param name="FeatureFlags">The feature-flag collections, in selection order.</param>
/// <param name="SentinelETags">The entity tag of each registered sentinel key, or null where the key did not exist.</param>
/// <param name="Version">The store's highest sync-token sequence number after the read (a later state has a higher one); orders fleet snapshots.</param>
/// <param name="FlagsFromKeyValues">Whether the flags are taken out of the key-value collections (<see cref="SelectionPlan"/>).</param>
/// <param name="Origin">Names this snapshot for a later <see cref="StoreChange"/> made from it (null: none will be).</param>
/// <param name="Change">How this snapshot differs from the one it was made from, when it was made by a change.</param>
internal sealed record StoreSnapshot(
    IReadOnlyList<CollectionSnapshot> KeyValues,
    IReadOnlyList<CollectionSnapshot> FeatureFlags,
    IReadOnlyList<ETag?> SentinelETags,
    bool FlagsFromKeyValues = false,
    long Version = 0,
    object? Origin = null,
    StoreChange? Change = null)
{
    /// <summary>The collections the flags are built from.</summary>
    public IReadOnlyList<CollectionSnapshot> FlagCollections => FlagsFromKeyValues ? KeyValues : FeatureFlags;
}
