using Microsoft.Extensions.Logging;
using StackExchange.Redis;

namespace OpenFeatureAppConfig.Fleet;

/// <summary>
/// Takes the fleet's snapshots from Redis: the full snapshot at start (cold start without the store), then every
/// announcement on the channel. A delta is applied only when it follows the version in force and gives the
/// announced hash; otherwise (a missed announcement, a gap) the full snapshot is loaded. A version that is not newer
/// than the one in force is never applied. After a lost connection comes back, the full snapshot is loaded again,
/// since announcements sent meanwhile are gone.
/// </summary>
internal sealed class FleetFollower : IKeyValueSnapshotSource, IAsyncDisposable
{
    private readonly IConnectionMultiplexer _redis;
    private readonly FleetKeys _keys;
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly SemaphoreSlim _gate = new(1, 1);
    private ChannelMessageQueue? _queue;
    private volatile KeyValueSnapshot? _current;
    private DateTimeOffset? _acceptedAt;
    private int _fullLoads;
    private int _deltasApplied;
    private volatile bool _seesAnotherFormat;

    public FleetFollower(IConnectionMultiplexer redis, FleetKeys keys, TimeProvider time, ILogger logger)
    {
        _redis = redis;
        _keys = keys;
        _time = time;
        _logger = logger;
    }

    public event EventHandler<KeyValueSnapshot>? SnapshotChanged;

    /// <summary>Raised when <see cref="SeesAnotherFormat"/> changes (the member's role depends on it).</summary>
    internal event EventHandler? FormatChanged;

    public KeyValueSnapshot? Current => _current;

    public DateTimeOffset? AcceptedAt => _acceptedAt;

    /// <summary>How many times the full snapshot was read (start, gaps, reconnections).</summary>
    internal int FullLoads => _fullLoads;

    /// <summary>How many deltas were applied.</summary>
    internal int DeltasApplied => _deltasApplied;

    /// <summary>
    /// Whether the fleet's latest data is in a snapshot format this version does not read: an instance of another
    /// version leads (a rolling upgrade across a format change). The instance then polls the store itself rather
    /// than serving an ever older snapshot, until the fleet writes its format again.
    /// </summary>
    public bool SeesAnotherFormat => _seesAnotherFormat;

    /// <summary>Subscribes to the announcements, then loads the stored snapshot (subscribing first, so nothing published in between is missed).</summary>
    public async Task StartAsync()
    {
        _redis.ConnectionRestored += OnConnectionRestored;
        _queue = await _redis.GetSubscriber().SubscribeAsync(_keys.Announcements).ConfigureAwait(false);
        _queue.OnMessage(OnAnnouncementAsync);
        await LoadFullAsync().ConfigureAwait(false);
    }

    /// <summary>Loads the stored snapshot and takes it if it is newer than the one in force.</summary>
    public async Task LoadFullAsync()
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            await LoadFullLockedAsync().ConfigureAwait(false);
        }
        finally
        {
            _gate.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        _redis.ConnectionRestored -= OnConnectionRestored;
        if (_queue is not null)
        {
            try
            {
                await _queue.UnsubscribeAsync().ConfigureAwait(false);
            }
            catch (Exception e) when (e is RedisException or TimeoutException or ObjectDisposedException)
            {
                // The connection is going away anyway.
            }
        }
    }

    private async Task OnAnnouncementAsync(ChannelMessage message)
    {
        await _gate.WaitAsync().ConfigureAwait(false);
        try
        {
            SnapshotAnnouncement announcement;
            try
            {
                announcement = SnapshotJson.ReadAnnouncement((byte[])message.Message!);
                NoteFormat(null);
            }
            catch (SnapshotFormatMismatchException e)
            {
                // The stored snapshot is in the same format: nothing this version can read.
                NoteFormat(e);
                return;
            }
            catch (FormatException e)
            {
                _logger.LogWarning("Ignored a malformed fleet announcement ({Reason}); loading the full snapshot.", e.Message);
                await LoadFullLockedAsync().ConfigureAwait(false);
                return;
            }

            var current = _current;
            if (current is not null && announcement.Version <= current.Version)
            {
                return;
            }

            if (current is not null && announcement.Delta is { } delta && delta.BaseVersion == current.Version
                && delta.ApplyTo(current) is { } next)
            {
                Interlocked.Increment(ref _deltasApplied);
                Accept(next);
                return;
            }

            await LoadFullLockedAsync().ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            // The snapshot in force stays; the reconnection (or the next announcement) loads the full one.
            _logger.LogWarning("Could not load the fleet's snapshot ({Error}); the snapshot in force stays.", e.GetType().Name);
        }
        finally
        {
            _gate.Release();
        }
    }

    private async Task LoadFullLockedAsync()
    {
        Interlocked.Increment(ref _fullLoads);
        KeyValueSnapshot? stored;
        try
        {
            stored = await StoredSnapshot.ReadAsync(_redis.GetDatabase(), _keys).ConfigureAwait(false);
            NoteFormat(null);
        }
        catch (SnapshotFormatMismatchException e)
        {
            NoteFormat(e);
            return;
        }
        catch (FormatException e)
        {
            _logger.LogWarning("The fleet's stored snapshot is unreadable ({Reason}); the snapshot in force stays.", e.Message);
            return;
        }

        var current = _current;
        if (stored is not null && (current is null || stored.Version > current.Version))
        {
            Accept(stored);
        }
    }

    private void NoteFormat(SnapshotFormatMismatchException? mismatch)
    {
        var another = mismatch is not null;
        if (_seesAnotherFormat == another)
        {
            return;
        }

        _seesAnotherFormat = another;
        if (another)
        {
            _logger.LogWarning(
                "The fleet's leader writes snapshot format {Found}; this version reads format {Format}. This instance polls the store itself until the fleet writes its format again.",
                mismatch!.Found ?? 1,
                SnapshotJson.Format);
        }
        else
        {
            _logger.LogInformation("The fleet writes snapshot format {Format} again; this instance follows it.", SnapshotJson.Format);
        }

        FormatChanged?.Invoke(this, EventArgs.Empty);
    }

    private void Accept(KeyValueSnapshot snapshot)
    {
        _current = snapshot;
        _acceptedAt = _time.GetUtcNow();
        _logger.LogDebug("Fleet snapshot v{Version} in force ({Count} key-values).", snapshot.Version, snapshot.KeyValues.Count);
        try
        {
            SnapshotChanged?.Invoke(this, snapshot);
        }
        catch (Exception e)
        {
            // A subscriber's failure must not stop the follower: the snapshot is in force either way.
            _logger.LogError(e, "A handler of the fleet snapshot v{Version} failed.", snapshot.Version);
        }
    }

    private void OnConnectionRestored(object? sender, ConnectionFailedEventArgs e)
    {
        _ = Task.Run(async () =>
        {
            try
            {
                await LoadFullAsync().ConfigureAwait(false);
            }
            catch (Exception error) when (error is RedisException or TimeoutException)
            {
                _logger.LogWarning("Could not reload the fleet's snapshot after reconnecting ({Error}).", error.GetType().Name);
            }
        });
    }
}
