using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using StackExchange.Redis;

namespace OpenFeatureAppConfig.Fleet;

/// <summary>
/// One instance in a fleet: its Redis connection, the leader election and the follower. Every member follows,
/// the leader included (its own publications come back through the channel), so the snapshot in force always
/// comes from <see cref="Snapshots"/>; the leader also polls the store and hands new versions to <see cref="PublishAsync"/>.
/// As the <see cref="ISnapshotFleet"/> of a configuration source, it also relays push notifications to the leader
/// (channel <c>ofac:{fleet}:push</c>, the validated sync token as the message).
/// </summary>
internal sealed class FleetMember : ISnapshotFleet, IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly LeaderElection _election;
    private readonly FleetFollower _follower;
    private readonly SnapshotPublisher _publisher;
    private readonly FleetKeys _keys;
    private readonly ILogger _logger;
    private ChannelMessageQueue? _pushes;
    private int _following;

    private FleetMember(ConnectionMultiplexer redis, FleetOptions options, ILogger logger)
    {
        _redis = redis;
        var keys = _keys = FleetKeys.For(options.FleetName);
        _logger = logger;
        var database = redis.GetDatabase();
        _election = new LeaderElection(
            new RedisLease(database, keys, options.InstanceId, options.LeaseTime),
            options.LeaseTime,
            options.EffectiveRenewInterval,
            options.TimeProvider,
            logger);
        _follower = new FleetFollower(redis, keys, options.TimeProvider, logger);
        _publisher = new SnapshotPublisher(database, keys, options.MaxAnnouncedDeltaBytes);
        Counters = new RedisFleetCounters(database, options.FleetName, options.InstanceId);
    }

    /// <summary>The snapshots of the fleet, for the configuration provider.</summary>
    public IKeyValueSnapshotSource Snapshots => _follower;

    /// <summary>The leader election, whose events start and stop the store poller.</summary>
    public LeaderElection Election => _election;

    internal FleetFollower Follower => _follower;

    /// <summary>Counters shared with the rest of the fleet (the in-process rollout guard's request counts).</summary>
    internal IFleetCounters Counters { get; }

    public KeyValueSnapshot? Current => _follower.Current;

    public event EventHandler<KeyValueSnapshot>? SnapshotChanged
    {
        add => _follower.SnapshotChanged += value;
        remove => _follower.SnapshotChanged -= value;
    }

    public event EventHandler<string>? PushRelayed;

    public FleetStatus Status
    {
        get
        {
            var grant = _election.Grant;
            var connected = _redis.IsConnected;
            var role = grant is not null ? FleetRole.Leader : connected ? FleetRole.Follower : FleetRole.Standalone;
            return new FleetStatus(role, connected, _follower.Current?.Version, _follower.AcceptedAt, grant?.Token);
        }
    }

    /// <summary>
    /// Connects to Redis (without failing when it is down: the connection keeps retrying), loads the stored
    /// snapshot if there is one and starts taking part in the election.
    /// </summary>
    public static async Task<FleetMember> JoinAsync(FleetOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        options.Validate();
        var logger = (ILogger?)options.LoggerFactory?.CreateLogger("OpenFeatureAppConfig.Fleet") ?? NullLogger.Instance;
        var configuration = ConfigurationOptions.Parse(options.ConnectionString);
        configuration.AbortOnConnectFail = false;
        configuration.ClientName ??= "openfeature-appconfig-fleet";
        var redis = await ConnectionMultiplexer.ConnectAsync(configuration).ConfigureAwait(false);
        var member = new FleetMember(redis, options, logger);
        try
        {
            // Hooked before looking, so that a connection made in between is not missed.
            redis.ConnectionRestored += member.OnConnectionRestored;
            if (redis.IsConnected)
            {
                await member.StartFollowingAsync().ConfigureAwait(false);
            }
            else
            {
                // Never the connection string (it may hold the password): only that it is down.
                logger.LogWarning("Redis for fleet {Fleet} is unreachable; this instance stays standalone until it answers.", options.FleetName);
            }

            member._election.Start();
            return member;
        }
        catch
        {
            await member.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>Publishes <paramref name="next"/> if this instance is the leader; the delta's base is the version in force.</summary>
    public Task<PublishOutcome> PublishAsync(KeyValueSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(next);
        return _election.Grant is { } grant
            ? _publisher.PublishAsync(grant, _follower.Current, next)
            : Task.FromResult(PublishOutcome.Fenced);
    }

    async Task<bool> ISnapshotFleet.PublishAsync(KeyValueSnapshot snapshot) => await PublishAsync(snapshot).ConfigureAwait(false) == PublishOutcome.Published;

    public async Task RelayPushAsync(string syncToken)
    {
        SyncToken.Parse(syncToken, nameof(syncToken));
        await _redis.GetSubscriber().PublishAsync(_keys.Pushes, syncToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        _redis.ConnectionRestored -= OnConnectionRestored;
        if (_pushes is not null)
        {
            try
            {
                await _pushes.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
            {
                // The connection is going away anyway.
            }
        }

        await _election.DisposeAsync().ConfigureAwait(false);
        await _follower.DisposeAsync().ConfigureAwait(false);
        await _redis.DisposeAsync().ConfigureAwait(false);
    }

    private async Task StartFollowingAsync()
    {
        if (Interlocked.Exchange(ref _following, 1) == 1)
        {
            return;
        }

        try
        {
            // Once; like the announcements, the subscription is renewed by StackExchange.Redis after a reconnection.
            if (_pushes is null)
            {
                _pushes = await _redis.GetSubscriber().SubscribeAsync(_keys.Pushes).ConfigureAwait(false);
                _pushes.OnMessage(OnPush);
            }

            await _follower.StartAsync().ConfigureAwait(false);
        }
        catch
        {
            Volatile.Write(ref _following, 0);
            throw;
        }
    }

    private void OnPush(ChannelMessage message)
    {
        if (_election.Grant is null)
        {
            return;
        }

        // Whoever can write to Redis can publish here: the token is checked like any push before the store sees it.
        var syncToken = (string?)message.Message;
        if (!SyncToken.TryParse(syncToken, out _, out var error))
        {
            _logger.LogWarning("Ignored a relayed push with a malformed sync token ({Reason}).", error);
            return;
        }

        try
        {
            PushRelayed?.Invoke(this, syncToken!);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A handler of a relayed push failed.");
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (Volatile.Read(ref _following) == 1)
        {
            // The follower reloads by itself after a reconnection.
            return;
        }

        _ = Task.Run(async () =>
        {
            try
            {
                await StartFollowingAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is RedisException or TimeoutException)
            {
                // Standalone until the next reconnection tries again.
            }
        });
    }
}
