using System.Diagnostics.Metrics;
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
internal sealed class FleetMember : ISnapshotFleet, IFleetPageLayout, IAsyncDisposable
{
    private readonly ConnectionMultiplexer _redis;
    private readonly LeaderElection _election;
    private readonly FleetFollower _follower;
    private readonly SnapshotPublisher _publisher;
    private readonly FleetKeys _keys;
    private readonly ILogger _logger;
    private readonly string _fleetName;
    private readonly TimeProvider _time;
    private readonly long[] _publications = new long[Enum.GetValues<PublishOutcome>().Length];
    private readonly Lock _roleLock = new();
    private FleetRole _reportedRole;
    private ChannelMessageQueue? _pushes;
    private ChannelMessageQueue? _leaseReleases;
    private FleetMetrics? _metrics;
    private int _following;
    private long _unreachableSinceTicks;
    private long _fallbacks;
    private int _disposed;
    private volatile StorePageLayout? _pageLayout;
    private long _pageLayoutReadAtTicks;

    private FleetMember(ConnectionMultiplexer redis, FleetOptions options, ILogger logger)
    {
        _redis = redis;
        var keys = _keys = FleetKeys.For(options.FleetName);
        _logger = logger;
        _fleetName = options.FleetName;
        _time = options.TimeProvider;
        var database = redis.GetDatabase();
        _election = new LeaderElection(
            new RedisLease(database, keys, options.InstanceId, options.LeaseTime),
            options.LeaseTime,
            options.EffectiveRenewInterval,
            options.TimeProvider,
            logger);
        _follower = new FleetFollower(redis, keys, options.TimeProvider, logger);
        _publisher = new SnapshotPublisher(database, keys, options.MaxAnnouncedDeltaBytes);
        _election.Acquired += _ =>
        {
            LeadershipAcquired?.Invoke(this, EventArgs.Empty);
            ReportRoleChange();
        };
        _election.Lost += _ => ReportRoleChange();
        _follower.FormatChanged += (_, _) => ReportRoleChange();
        _follower.SnapshotChanged += (_, _) => ReadPageLayoutWhenDue();
        _election.Unanswered += MarkUnreachable;
        _election.Answered += MarkReachable;
        Counters = new RedisFleetCounters(database, options.FleetName, options.InstanceId);
        _reportedRole = Status.Role;
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

    public event EventHandler<PushNotification>? PushRelayed;

    public event EventHandler? LeadershipAcquired;

    public event EventHandler? RoleChanged;

    /// <summary>How many publications had <paramref name="outcome"/>.</summary>
    internal long Publications(PublishOutcome outcome) => Interlocked.Read(ref _publications[(int)outcome]);

    /// <summary>
    /// How many times Redis became unreachable after it had answered (the connection failed, or a lease round got no
    /// answer): each time the instance polls the store on its own.
    /// </summary>
    internal long Fallbacks => Interlocked.Read(ref _fallbacks);

    public FleetStatus Status
    {
        get
        {
            var grant = _election.Grant;
            // A silent partition leaves the connection up for several timeouts; an unanswered lease round says so sooner.
            var connected = _redis.IsConnected && _election.RedisAnswers;
            var role = grant is not null ? FleetRole.Leader : connected && !_follower.SeesAnotherFormat ? FleetRole.Follower : FleetRole.Standalone;
            var unreachableSince = Interlocked.Read(ref _unreachableSinceTicks);
            return new FleetStatus(role, connected, _follower.Current?.Version, _follower.AcceptedAt, grant?.Token)
            {
                UnreachableSince = unreachableSince == 0 ? null : new DateTimeOffset(unreachableSince, TimeSpan.Zero),
            };
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
            redis.ConnectionFailed += member.OnConnectionFailed;
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
    public async Task<PublishOutcome> PublishAsync(KeyValueSnapshot next)
    {
        ArgumentNullException.ThrowIfNull(next);
        var outcome = _election.Grant is { } grant
            ? await _publisher.PublishAsync(grant, _follower.Current, next).ConfigureAwait(false)
            : PublishOutcome.Fenced;
        Interlocked.Increment(ref _publications[(int)outcome]);
        return outcome;
    }

    public StorePageLayout? PageLayout => _pageLayout;

    public async Task PublishPageLayoutAsync(StorePageLayout layout)
    {
        ArgumentNullException.ThrowIfNull(layout);
        if (_election.Grant is null)
        {
            return;
        }

        try
        {
            // Not fenced: a layout older than the snapshot a follower holds only costs it a few pages read whole.
            await _redis.GetDatabase().StringSetAsync(_keys.PageLayout, PageLayoutJson.Write(layout)).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            _logger.LogDebug("Sharing the page layout failed ({Error}); followers keep the one they read.", e.GetType().Name);
        }
    }

    /// <summary>
    /// Reads the leader's page layout again as snapshots arrive, at most every 30 s once one was read, so that one is
    /// at hand when Redis goes away (an older one is fine, <see cref="StorePageLayout"/>).
    /// </summary>
    private void ReadPageLayoutWhenDue()
    {
        var now = _time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _pageLayoutReadAtTicks);
        if ((_pageLayout is not null && now - last < 30 * TimeSpan.TicksPerSecond) || Interlocked.CompareExchange(ref _pageLayoutReadAtTicks, now, last) != last)
        {
            return;
        }

        _ = ReadPageLayoutAsync();
    }

    private async Task ReadPageLayoutAsync()
    {
        try
        {
            var stored = await _redis.GetDatabase().StringGetAsync(_keys.PageLayout).ConfigureAwait(false);
            if (!stored.IsNull)
            {
                _pageLayout = PageLayoutJson.Read((byte[])stored!);
            }
        }
        catch (FormatException e)
        {
            _logger.LogWarning("The fleet's page layout is unreadable ({Reason}); a fall back to polling starts with a full load.", e.Message);
        }
        catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
        {
            // Read again with the next snapshot.
        }
    }

    /// <summary>
    /// Reports this member's metrics on a meter from <paramref name="meterFactory"/> (the host's, so that they are
    /// scoped to it), or on a meter of its own without one. Only the first call counts.
    /// </summary>
    public void EnableMetrics(IMeterFactory? meterFactory)
    {
        var metrics = new FleetMetrics(this, _fleetName, _time, meterFactory);
        if (Interlocked.CompareExchange(ref _metrics, metrics, null) is not null || Volatile.Read(ref _disposed) == 1)
        {
            metrics.Dispose();
        }
    }

    async Task<bool> ISnapshotFleet.PublishAsync(KeyValueSnapshot snapshot) => await PublishAsync(snapshot).ConfigureAwait(false) == PublishOutcome.Published;

    public async Task RelayPushAsync(PushNotification notification)
    {
        ArgumentNullException.ThrowIfNull(notification);
        await _redis.GetSubscriber().PublishAsync(_keys.Pushes, RelayedPush.Encode(notification)).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        _metrics?.Dispose();
        _redis.ConnectionRestored -= OnConnectionRestored;
        _redis.ConnectionFailed -= OnConnectionFailed;
        foreach (var subscription in new[] { _pushes, _leaseReleases })
        {
            try
            {
                await (subscription?.UnsubscribeAsync() ?? Task.CompletedTask).ConfigureAwait(false);
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

            // A follower waits for the lease to run out; a leader that leaves in order says so, and one takes over at once.
            if (_leaseReleases is null)
            {
                _leaseReleases = await _redis.GetSubscriber().SubscribeAsync(_keys.LeaseReleases).ConfigureAwait(false);
                _leaseReleases.OnMessage(_ => _election.TryNow());
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

        // Whoever can write to Redis can publish here: the push is checked like any push before the store sees it.
        if (RelayedPush.TryDecode((string?)message.Message, out var error) is not { } notification)
        {
            _logger.LogWarning("Ignored a relayed push that is not one ({Reason}).", error);
            return;
        }

        try
        {
            PushRelayed?.Invoke(this, notification);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A handler of a relayed push failed.");
        }
    }

    private void OnConnectionFailed(object? sender, ConnectionFailedEventArgs e)
    {
        // The interactive connection is the one that decides the role.
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            MarkUnreachable();
        }
    }

    /// <summary>Once per outage (however it was noticed): counts the fallback and remembers when it began.</summary>
    private void MarkUnreachable()
    {
        if (Interlocked.CompareExchange(ref _unreachableSinceTicks, _time.GetUtcNow().UtcTicks, 0) == 0)
        {
            Interlocked.Increment(ref _fallbacks);
        }

        ReportRoleChange();
    }

    /// <summary>The outage is over once the connection is up and the lease rounds have answers again.</summary>
    private void MarkReachable()
    {
        if (_redis.IsConnected && _election.RedisAnswers)
        {
            Interlocked.Exchange(ref _unreachableSinceTicks, 0);
        }

        ReportRoleChange();
    }

    /// <summary>
    /// Raises <see cref="RoleChanged"/> when the role differs from the one last reported; called wherever what decides
    /// the role changed. Looked at under a lock, so that the last report always follows the last change.
    /// </summary>
    private void ReportRoleChange()
    {
        lock (_roleLock)
        {
            var role = Status.Role;
            if (role == _reportedRole)
            {
                return;
            }

            _reportedRole = role;
        }

        try
        {
            RoleChanged?.Invoke(this, EventArgs.Empty);
        }
        catch (Exception e)
        {
            _logger.LogError(e, "A handler of a fleet role change failed.");
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        if (e.ConnectionType == ConnectionType.Interactive)
        {
            MarkReachable();
            // A Redis that restarted empty has no lease: no need to wait for the expiry seen before the outage.
            _election.TryNow();
        }

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
