using StackExchange.Redis;

namespace OpenFeatureAppConfig.Fleet;

/// <summary>
/// The leader's side: stores a new snapshot version and announces it, with the delta against the version before
/// when it is small, in one atomic script that refuses a stale leader and a version that is not newer.
/// </summary>
internal sealed class SnapshotPublisher(IDatabaseAsync database, FleetKeys keys, int maxAnnouncedDeltaBytes)
{
    /// <param name="grant">The lease held.</param>
    /// <param name="previous">The version the leader knows as the fleet's current one (the delta's base), or null.</param>
    /// <param name="next">The new version.</param>
    public async Task<PublishOutcome> PublishAsync(LeaseGrant grant, KeyValueSnapshot? previous, KeyValueSnapshot next)
    {
        var full = SnapshotJson.Write(next);
        var baseVersion = previous?.Version ?? 0;
        var announcement = SnapshotJson.Write(new SnapshotAnnouncement(baseVersion, next.Version, next.Hash, SnapshotDelta.Between(previous, next)));
        if (previous is null || announcement.Length > maxAnnouncedDeltaBytes)
        {
            announcement = SnapshotJson.Write(new SnapshotAnnouncement(baseVersion, next.Version, next.Hash, null));
        }

        var result = (long)await database.ScriptEvaluateAsync(
            LuaScripts.PublishSnapshot,
            [keys.Fence, keys.Lease, keys.Snapshot],
            [grant.Owner, grant.Token, next.Version, next.Hash, full, keys.Announcements.ToString(), announcement, SnapshotJson.Format]).ConfigureAwait(false);
        return result switch
        {
            1 => PublishOutcome.Published,
            0 => PublishOutcome.NotNewer,
            _ => PublishOutcome.Fenced,
        };
    }
}
