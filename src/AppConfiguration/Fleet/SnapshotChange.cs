namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// How a snapshot was made from the one before it by a delta: that one's version and content hash, and each
/// key-value replaced, in the order applied (old null: added; new null: removed). It lets whoever mapped the base
/// snapshot update its own view by the changes alone, and tell when its view is not that base.
/// </summary>
internal sealed record SnapshotChange(
    long BaseVersion,
    SnapshotContentHash BaseHash,
    IReadOnlyList<(SnapshotKeyValue? Old, SnapshotKeyValue? New)> KeyValues);
