namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The message on the fleet's channel when a version is published: the version, the version it follows and the
/// content hash, with the delta when it is small enough to travel in the message (else followers load the full snapshot).
/// </summary>
internal sealed record SnapshotAnnouncement(long BaseVersion, long Version, string Hash, SnapshotDelta? Delta);
