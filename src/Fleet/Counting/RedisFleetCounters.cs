using System.Text.Json;
using StackExchange.Redis;

namespace OpenFeatureAppConfig.Fleet;

/// <summary>
/// <see cref="IFleetCounters"/> over Redis: one hash per series and window, <c>ofac:{fleet}:counts:&lt;series&gt;:&lt;window&gt;</c>,
/// with one field per instance whose value is that instance's totals for the window (a JSON object of counter
/// name to count). Setting is <c>HSET</c> of the whole field plus <c>PEXPIRE</c> in one transaction: idempotent,
/// never half-written, and the key never outlives its time to live. The fleet's name is in the key (with the
/// fleet's hash tag, so one slot of a cluster), so two fleets never mix.
/// </summary>
internal sealed class RedisFleetCounters(IDatabase database, string fleetName, string instanceId) : IFleetCounters
{
    private readonly string _prefix = $"ofac:{{{fleetName}}}:counts:";

    public async Task SetAsync(string series, long window, IReadOnlyDictionary<string, long> counts, TimeSpan timeToLive, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        ArgumentNullException.ThrowIfNull(counts);
        cancellationToken.ThrowIfCancellationRequested();
        var key = Key(series, window);
        var transaction = database.CreateTransaction();
        var set = transaction.HashSetAsync(key, instanceId, JsonSerializer.Serialize(counts));
        var expire = transaction.KeyExpireAsync(key, timeToLive);
        if (!await transaction.ExecuteAsync().ConfigureAwait(false))
        {
            throw new RedisException($"The counts of window {window} were not written.");
        }

        await Task.WhenAll(set, expire).ConfigureAwait(false);
    }

    public async Task<FleetCounterSums> SumAsync(string series, long firstWindow, long lastWindow, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(series);
        cancellationToken.ThrowIfCancellationRequested();
        if (lastWindow < firstWindow)
        {
            return new FleetCounterSums(new Dictionary<string, long>(), 0);
        }

        // Pipelined: one round trip for the whole range.
        var reads = new List<Task<HashEntry[]>>();
        for (var window = firstWindow; window <= lastWindow; window++)
        {
            reads.Add(database.HashGetAllAsync(Key(series, window)));
        }

        var totals = new Dictionary<string, long>(StringComparer.Ordinal);
        var instances = new HashSet<string>(StringComparer.Ordinal);
        foreach (var entries in await Task.WhenAll(reads).ConfigureAwait(false))
        {
            foreach (var entry in entries)
            {
                if (Parse(entry.Value) is not { } counts)
                {
                    // Whoever can write to Redis can write anything here: a field that is not ours is not counted.
                    continue;
                }

                instances.Add(entry.Name.ToString());
                foreach (var (name, count) in counts)
                {
                    if (count > 0)
                    {
                        totals[name] = totals.GetValueOrDefault(name) + count;
                    }
                }
            }
        }

        return new FleetCounterSums(totals, instances.Count);
    }

    private RedisKey Key(string series, long window) => $"{_prefix}{series}:{window}";

    private static Dictionary<string, long>? Parse(RedisValue value)
    {
        try
        {
            return value.IsNullOrEmpty ? null : JsonSerializer.Deserialize<Dictionary<string, long>>(value.ToString());
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
