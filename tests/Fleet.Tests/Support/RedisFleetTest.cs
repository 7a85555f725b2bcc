using Microsoft.Extensions.Time.Testing;
using StackExchange.Redis;

namespace OpenFeatureAppConfig.Fleet.Tests;

/// <summary>
/// Base of the tests against Redis: each test gets its own <c>redis-server</c> and fleet name, and everything it
/// joins or connects is disposed after it, even when it fails.
/// </summary>
public abstract class RedisFleetTest
{
    private readonly List<IAsyncDisposable> _owned = [];

    protected RedisServer Redis { get; private set; } = null!;

    protected string FleetName { get; private set; } = null!;

    internal FleetKeys Keys => FleetKeys.For(FleetName);

    [SetUp]
    public async Task StartRedisAsync()
    {
        Redis = await RedisServer.StartAsync();
        FleetName = "test-" + Guid.NewGuid().ToString("N")[..8];
    }

    [TearDown]
    public async Task StopEverythingAsync()
    {
        for (var i = _owned.Count - 1; i >= 0; i--)
        {
            await _owned[i].DisposeAsync();
        }

        _owned.Clear();
        if (Redis is not null)
        {
            await Redis.DisposeAsync();
        }
    }

    /// <summary>Options with short lease times, so that takeovers happen within a test.</summary>
    protected FleetOptions Options(string instance) => new()
    {
        ConnectionString = Redis.ConnectionString,
        FleetName = FleetName,
        InstanceId = instance,
        LeaseTime = TimeSpan.FromSeconds(1),
        RenewInterval = TimeSpan.FromMilliseconds(200),
    };

    internal Task<FleetMember> JoinAsync(string instance) => JoinAsync(Options(instance));

    internal async Task<FleetMember> JoinAsync(FleetOptions options) => Own(await FleetMember.JoinAsync(options));

    /// <summary>
    /// Joins a member whose election runs on a fake clock (so that its next attempt comes only when the test advances
    /// it or something wakes it), once it has made its first attempt.
    /// </summary>
    internal async Task<(FleetMember Member, FakeTimeProvider Clock, FleetOptions Options)> JoinOnFakeClockAsync(string instance, string? connectionString = null)
    {
        var clock = new FakeTimeProvider(DateTimeOffset.UtcNow);
        var options = Options(instance);
        options.ConnectionString = connectionString ?? options.ConnectionString;
        options.TimeProvider = clock;
        var member = await JoinAsync(options);
        await Eventually.TrueAsync(() => member.Election.Rounds == 1, $"{instance} made its first attempt");
        return (member, clock, options);
    }

    protected async Task<IDatabase> ConnectAsync()
    {
        // Admin mode for FLUSHALL, which simulates a Redis that lost its data.
        var redis = Own(await ConnectionMultiplexer.ConnectAsync(Redis.ConnectionString + ",allowAdmin=true"));
        return redis.GetDatabase();
    }

    internal RedisLease Lease(IDatabase database, string owner, TimeSpan? leaseTime = null) =>
        new(database, Keys, owner, leaseTime ?? TimeSpan.FromSeconds(30));

    internal SnapshotPublisher Publisher(IDatabase database, FleetKeys? keys = null) => new(database, keys ?? Keys, 64 * 1024);

    private T Own<T>(T disposable) where T : IAsyncDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
