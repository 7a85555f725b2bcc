using StackExchange.Redis;

namespace OpenFeatureAppConfig.Fleet;

/// <summary>
/// The fleet's leader lease in Redis: taken only when free, with expiry, a fencing token from a counter that only
/// goes up, and renewal or release only by the holder (compare-and-set in Lua).
/// </summary>
internal sealed class RedisLease(IDatabaseAsync database, FleetKeys keys, string owner, TimeSpan leaseTime)
{
    private readonly RedisValue _leaseMilliseconds = (long)leaseTime.TotalMilliseconds;

    public async Task<LeaseGrant?> TryAcquireAsync()
    {
        var token = (long)await database.ScriptEvaluateAsync(LuaScripts.AcquireLease, [keys.Lease, keys.Fence], [owner, _leaseMilliseconds]).ConfigureAwait(false);
        return token > 0 ? new LeaseGrant(owner, token) : null;
    }

    public async Task<bool> TryRenewAsync(LeaseGrant grant) =>
        (long)await database.ScriptEvaluateAsync(LuaScripts.RenewLease, [keys.Lease], [grant.LeaseValue, _leaseMilliseconds]).ConfigureAwait(false) == 1;

    public async Task<bool> TryReleaseAsync(LeaseGrant grant) =>
        (long)await database.ScriptEvaluateAsync(LuaScripts.ReleaseLease, [keys.Lease], [grant.LeaseValue]).ConfigureAwait(false) == 1;
}
