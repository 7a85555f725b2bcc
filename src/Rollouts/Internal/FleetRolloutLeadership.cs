using OpenFeatureAppConfig.AppConfiguration;

namespace OpenFeatureAppConfig.Rollouts.Internal;

/// <summary>
/// Fleet mode's leadership: the executor acts only while this instance is the fleet's leader, so the fleet's one
/// lease (in Redis) decides both who polls the store and who executes rollouts, and no lease key is written to the
/// store. The leader's fencing token is taken at the start of a pass; a pass stops as soon as the token in force
/// differs (leadership lost, even if regained since), so an old leader never writes after a new one took over.
/// </summary>
/// <remarks>
/// Depends only on <see cref="ISnapshotFleet"/> (OpenFeatureAppConfig.AppConfiguration): the Redis implementation
/// stays in OpenFeatureAppConfig.Fleet, and this assembly never loads it. An instance whose Redis is unreachable
/// is standalone, not leader, and executes nothing: the schedule is a function of the clock, so the leader catches up
/// (by jumping) once Redis is back.
/// </remarks>
internal sealed class FleetRolloutLeadership(ISnapshotFleet fleet) : IRolloutLeadership
{
    private long? _token;

    public ValueTask<bool> TryAcquireAsync(DateTimeOffset now, CancellationToken cancellationToken)
    {
        _token = LeaderToken();
        return ValueTask.FromResult(_token is not null);
    }

    public bool IsHeld(DateTimeOffset now) => _token is { } token && LeaderToken() == token;

    private long? LeaderToken() => fleet.Status is { Role: FleetRole.Leader, LeaseToken: { } token } ? token : null;
}
