using System.Globalization;
using StackExchange.Redis;

namespace OpenFeatureAppConfig.FleetBench;

/// <summary>The benchmark's own admin connection to the fleet's Redis: command counts and the lease.</summary>
internal sealed class RedisProbe : IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly IServer _server;

    private RedisProbe(ConnectionMultiplexer redis)
    {
        _redis = redis;
        _server = redis.GetServer(redis.GetEndPoints()[0]);
    }

    public static async Task<RedisProbe> ConnectAsync(string connectionString)
    {
        var options = ConfigurationOptions.Parse(connectionString);
        options.AllowAdmin = true;
        // It shares the thread pool with a thousand instances: be patient rather than fail the run.
        options.SyncTimeout = options.AsyncTimeout = 30_000;
        return new RedisProbe(await ConnectionMultiplexer.ConnectAsync(options));
    }

    /// <summary>Calls per command since the server started (<c>INFO commandstats</c>).</summary>
    public async Task<Dictionary<string, long>> CommandCallsAsync()
    {
        var calls = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var group in await _server.InfoAsync("commandstats"))
        {
            foreach (var (name, value) in group)
            {
                var field = value.Split(',').FirstOrDefault(f => f.StartsWith("calls=", StringComparison.Ordinal));
                if (name.StartsWith("cmdstat_", StringComparison.Ordinal) && field is not null)
                {
                    calls[name["cmdstat_".Length..]] = long.Parse(field["calls=".Length..], CultureInfo.InvariantCulture);
                }
            }
        }

        return calls;
    }

    /// <summary>The fleet's lease key and its value (<c>owner|token</c>), once some instance holds it.</summary>
    public async Task<(RedisKey Key, string Holder)> WaitForLeaseAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await foreach (var key in _server.KeysAsync(pattern: "ofac:*:lease"))
            {
                if (await LeaseHolderAsync(key) is { } holder)
                {
                    return (key, holder);
                }
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("No instance took the fleet's lease.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public async Task<string?> LeaseHolderAsync(RedisKey lease) => await _redis.GetDatabase().StringGetAsync(lease);

    /// <summary>Waits until the fleet's snapshot is stored (the leader published); returns its key.</summary>
    public async Task<RedisKey> WaitForSnapshotAsync(TimeSpan timeout, CancellationToken cancellationToken)
    {
        var deadline = DateTime.UtcNow + timeout;
        while (true)
        {
            await foreach (var key in _server.KeysAsync(pattern: "ofac:*:snapshot"))
            {
                return key;
            }

            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("The leader did not publish a snapshot.");
            }

            await Task.Delay(50, cancellationToken);
        }
    }

    public async ValueTask DisposeAsync() => await _redis.DisposeAsync();
}
