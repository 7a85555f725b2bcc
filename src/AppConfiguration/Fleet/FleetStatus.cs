namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>An instance's view of its fleet, for health checks, logs and metrics.</summary>
/// <param name="Role">Leader, follower, or standalone when Redis is unreachable.</param>
/// <param name="IsConnected">Whether Redis answers.</param>
/// <param name="SnapshotVersion">The version of the snapshot in force, or null before the first.</param>
/// <param name="SnapshotAcceptedAt">When this instance took that snapshot (its own clock), or null.</param>
/// <param name="LeaseToken">The fencing token while leader, else null.</param>
public sealed record FleetStatus(FleetRole Role, bool IsConnected, long? SnapshotVersion, DateTimeOffset? SnapshotAcceptedAt, long? LeaseToken)
{
    /// <summary>
    /// While Redis is unreachable (or does not answer), when this instance noticed it and began to poll the store on
    /// its own (its own clock); null while Redis answers.
    /// </summary>
    public DateTimeOffset? UnreachableSince { get; init; }

    /// <summary>How long the snapshot in force has been in force at <paramref name="now"/>, or null before the first.</summary>
    public TimeSpan? SnapshotAge(DateTimeOffset now) => now - SnapshotAcceptedAt;
}
