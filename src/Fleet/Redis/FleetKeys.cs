using StackExchange.Redis;

namespace OpenFeatureAppConfig.Fleet;

/// <summary>
/// The Redis names of one fleet. The keys share the hash tag <c>{fleet}</c> so that they live in one slot of a
/// clustered Redis, which the scripts that touch several of them at once require.
/// </summary>
internal sealed record FleetKeys(RedisKey Lease, RedisKey Fence, RedisKey Snapshot, RedisKey PageLayout, RedisChannel Announcements, RedisChannel Pushes, RedisChannel LeaseReleases)
{
    public static FleetKeys For(string fleetName)
    {
        var prefix = $"ofac:{{{fleetName}}}:";
        return new FleetKeys(
            prefix + "lease",
            prefix + "fence",
            prefix + "snapshot",
            prefix + "pages",
            RedisChannel.Literal(prefix + "announce"),
            RedisChannel.Literal(prefix + "push"),
            RedisChannel.Literal(prefix + "released"));
    }
}
