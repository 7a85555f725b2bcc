using StackExchange.Redis;

namespace OpenFeatureAppConfig.Fleet;

/// <summary>
/// The fleet's leader lease in Redis: taken only when free, with expiry, a fencing token from a counter that only
/// goes up, and renewal or release only by the holder (compare-and-set in Lua). A refused attempt tells how long
/// the lease still runs; a release is announced on <see cref="FleetKeys.LeaseReleases"/>.
/// </summary>
internal sealed class RedisLease(IDatabaseAsync database, FleetKeys keys, string owner, TimeSpan leaseTime)
{
    private readonly RedisValue _leaseMilliseconds = (long)leaseTime.TotalMilliseconds;

    public async Task<LeaseAttempt> TryAcquireAsync()
    {
        var result = (RedisResult[])(await database.ScriptEvaluateAsync(LuaScripts.AcquireLease, [keys.Lease, keys.Fence], [owner, _leaseMilliseconds]).ConfigureAwait(false))!;
        var token = (long)result[0];
        if (token > 0)
        {
            return new LeaseAttempt(new LeaseGrant(owner, token), null);
        }

        var remaining = (long)result[1];
        return new LeaseAttempt(null, remaining >= 0 ? TimeSpan.FromMilliseconds(remaining) : null);
    }

    public async Task<bool> TryRenewAsync(LeaseGrant grant) =>
        (long)await database.ScriptEvaluateAsync(LuaScripts.RenewLease, [keys.Lease], [grant.LeaseValue, _leaseMilliseconds]).ConfigureAwait(false) == 1;

    public async Task<bool> TryReleaseAsync(LeaseGrant grant) =>
        (long)await database.ScriptEvaluateAsync(LuaScripts.ReleaseLease, [keys.Lease], [grant.LeaseValue, keys.LeaseReleases.ToString()]).ConfigureAwait(false) == 1;
}
