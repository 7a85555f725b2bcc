namespace OpenFeatureAppConfig.Rollouts.Internal;

/// <summary>
/// Who may execute rollouts right now: exactly one executor of a store at a time. Either the lease key in the store
/// (<see cref="RolloutLease"/>) or, in fleet mode, the fleet's own lease (<see cref="FleetRolloutLeadership"/>).
/// </summary>
internal interface IRolloutLeadership
{
    /// <summary>Takes or renews the leadership for a pass at <paramref name="now"/>; false when another executor has it.</summary>
    ValueTask<bool> TryAcquireAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Whether the leadership taken by the last <see cref="TryAcquireAsync"/> still holds at <paramref name="now"/>:
    /// asked before each write, so that a pass that outlives its leadership stops instead of racing the next leader.
    /// </summary>
    bool IsHeld(DateTimeOffset now);
}
