namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// A fleet of instances that share one poller of the store (fleet mode): the snapshots in force, this instance's
/// role, publication of what the leader read, and the relay of push notifications to the leader. Implemented by
/// <c>OpenFeatureAppConfig.Fleet</c> over Redis; the source polls the store itself only while <see cref="Status"/>
/// says <see cref="FleetRole.Leader"/> or <see cref="FleetRole.Standalone"/>.
/// </summary>
public interface ISnapshotFleet : IKeyValueSnapshotSource
{
    /// <summary>This instance's view of the fleet: role, connectivity, version and age of the snapshot in force.</summary>
    FleetStatus Status { get; }

    /// <summary>Publishes a snapshot the leader read from the store; refused (false) unless this instance leads and it is newer.</summary>
    /// <param name="snapshot">The snapshot; its version comes from the store.</param>
    Task<bool> PublishAsync(KeyValueSnapshot snapshot);

    /// <summary>Asks the leader to refresh at once for a validated push (its sync token, and its key when known).</summary>
    /// <param name="notification">The push notification, already validated.</param>
    Task RelayPushAsync(PushNotification notification);

    /// <summary>
    /// Raised when this instance became the leader; the source then refreshes from the store at once (and publishes
    /// when the store is newer than the fleet) instead of at its next due refresh. Handlers must not block.
    /// </summary>
    event EventHandler? LeadershipAcquired;

    /// <summary>
    /// Raised when this instance's <see cref="FleetStatus.Role"/> changed: it lost the fleet (Redis unreachable, see
    /// <see cref="FleetStatus.UnreachableSince"/>), rejoined it, became or stopped being the leader. A follower's
    /// source sleeps until then instead of looking at the role every interval. Handlers read <see cref="Status"/>
    /// and must not block.
    /// </summary>
    event EventHandler? RoleChanged;

    /// <summary>Raised on the leader when a push was relayed to it (sync token, key and label); handlers must not block.</summary>
    event EventHandler<PushNotification>? PushRelayed;
}
