namespace OpenFeatureAppConfig.Fleet;

/// <summary>
/// The answer to an attempt to take the lease: the grant when it was free, else how long the holder's lease still
/// runs (null when the lease has no expiry, which only a hand-made key has).
/// </summary>
internal readonly record struct LeaseAttempt(LeaseGrant? Grant, TimeSpan? HeldFor);
