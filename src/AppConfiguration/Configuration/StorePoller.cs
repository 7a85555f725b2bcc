using Azure;
using Microsoft.Extensions.Logging;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Where a source's snapshots come from: polls the store on the refresh intervals (one schedule when they are
/// equal; the first own read after the fleet spread over half an interval), backs off after failures
/// (capped at twice the shortest interval, never sooner than the store's own <c>retry-after</c>), takes push
/// notifications (coalesced to one refresh per <see cref="AzureAppConfigurationOptions.PushCoalescingInterval"/>),
/// keeps the source's status, and hands each complete snapshot to its <see cref="ISnapshotTarget"/>.
/// </summary>
internal sealed class StorePoller
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan FirstBackoffCap = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxStartupRetryDelay = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan MaxFollowerLook = TimeSpan.FromSeconds(30);
    private const int FollowerLookIntervals = 10;

    private readonly AppConfigurationClient _client;
    private readonly StoreReader _reader;
    private readonly ISnapshotTarget _target;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly TimeSpan _startupTimeout;
    private readonly TimeSpan _keyValueInterval;
    private readonly TimeSpan _featureFlagInterval;
    private readonly TimeSpan _shortestInterval;
    private readonly bool _oneSchedule;
    private readonly TimeSpan _firstBackoff;
    private readonly TimeSpan _backoffCap;
    private readonly TimeSpan _pushCoalescingInterval;
    private readonly TimeSpan _followerLook;
    private readonly Func<bool> _mayPoll;
    private readonly Func<StoreSnapshot?>? _seedFromFleet;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly Lock _scheduleLock = new();

    private StoreSnapshot? _snapshot;
    private DateTimeOffset _keyValuesDue;
    private DateTimeOffset _featureFlagsDue;
    private DateTimeOffset _backoffUntil;
    private DateTimeOffset _retryAfterUntil;
    private DateTimeOffset _pausedUntil;
    private bool _pushPending;
    private readonly PushedKeys _pushedKeys = new();
    private DateTimeOffset _pushDue;
    private DateTimeOffset _lastPushRefresh = DateTimeOffset.MinValue;
    private bool _spreadFirstOwnRead;
    private bool _following;
    private TaskCompletionSource _wake = NewWake();
    private volatile AppConfigurationSourceStatus _status = AppConfigurationSourceStatus.Initial;

    /// <param name="options">The source's options.</param>
    /// <param name="client">The store's client.</param>
    /// <param name="logger">Where to log.</param>
    /// <param name="target">Where the snapshots go.</param>
    /// <param name="mayPoll">Whether this instance may read the store now (a fleet follower may not).</param>
    /// <param name="seedFromFleet">
    /// What the data in force was read as, by pages, when this poller never read the store itself (a fleet follower):
    /// its first own read then asks for each page conditionally instead of loading them all.
    /// </param>
    public StorePoller(
        AzureAppConfigurationOptions options, AppConfigurationClient client, ILogger logger, ISnapshotTarget target, Func<bool>? mayPoll = null, Func<StoreSnapshot?>? seedFromFleet = null)
    {
        _mayPoll = mayPoll ?? (static () => true);
        _seedFromFleet = seedFromFleet;
        _client = client;
        _reader = new StoreReader(client, options);
        _target = target;
        _logger = logger;
        _time = options.TimeProvider;
        _startupTimeout = options.Startup.Timeout;
        _keyValueInterval = _reader.KeyValueInterval;
        _featureFlagInterval = _reader.FeatureFlagInterval;
        var shortest = new[] { _reader.WatchesKeyValues ? _keyValueInterval : TimeSpan.MaxValue, _reader.UsesFeatureFlags ? _featureFlagInterval : TimeSpan.MaxValue }.Min();
        _shortestInterval = shortest == TimeSpan.MaxValue ? RefreshIntervals.Default : shortest;
        // Two separately jittered schedules drift apart, and each due time would read the same pages again.
        _oneSchedule = _reader.WatchesKeyValues && _reader.UsesFeatureFlags && _keyValueInterval == _featureFlagInterval;
        _firstBackoff = shortest < FirstBackoffCap ? shortest : FirstBackoffCap;
        // So that a store that comes back is seen within about two intervals.
        _backoffCap = shortest < MaxBackoff / 2 ? shortest * 2 : MaxBackoff;
        _pushCoalescingInterval = options.PushCoalescingInterval;
        // A follower is woken when it loses the fleet (PollOnOwnSince); this look is only in case that was missed:
        // rare enough that 1,000 idle followers at a 1 s interval wake 100 times a second rather than 1,000, soon
        // enough that a missed loss costs no more than a leader's failover (10 s by default).
        var followerLook = _shortestInterval * FollowerLookIntervals;
        _followerLook = followerLook < MaxFollowerLook ? followerLook : MaxFollowerLook;
        _followerLook = _followerLook > _shortestInterval ? _followerLook : _shortestInterval;
    }

    public AppConfigurationSourceStatus Status => _status;

    /// <summary>The initial load, retried within the startup timeout; throws when it did not succeed.</summary>
    public void LoadAtStartup() => Task.Run(LoadWithinStartupTimeoutAsync).GetAwaiter().GetResult();

    /// <summary>Records and logs a failed initial load the application starts without.</summary>
    public void RecordStartupFailure(Exception e)
    {
        RecordFailure(e, _time.GetUtcNow());
        _logger.LogWarning(
            "Azure App Configuration store {Endpoint} could not be loaded within {Timeout} ({Error}); starting without it.",
            _client.Endpoint, _startupTimeout, Describe(e));
    }

    /// <summary>Records that a snapshot from elsewhere (the fleet) is in force, as current as a successful refresh.</summary>
    public void RecordSnapshotFromFleet(DateTimeOffset now)
    {
        lock (_scheduleLock)
        {
            _status = new AppConfigurationSourceStatus(AppConfigurationSourceState.Loaded, now, null, null, 0, false);
            _spreadFirstOwnRead |= _snapshot is null;
        }
    }

    /// <summary>Records that the data in force came from the last-known-good file saved at <paramref name="savedAt"/>.</summary>
    public void RecordStartFromLastKnownGood(DateTimeOffset savedAt)
    {
        lock (_scheduleLock)
        {
            _status = _status with { State = AppConfigurationSourceState.Stale, StaleSince = savedAt, FromLastKnownGoodFile = true };
        }
    }

    public async Task RefreshAsync(CancellationToken cancellationToken = default)
    {
        // Concurrent callers do not queue up: one refresh at a time, the others return at once.
        if (!await _refreshGate.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return;
        }

        var now = _time.GetUtcNow();
        bool fullLoad, keyValuesDue, featureFlagsDue;
        IReadOnlyCollection<(string Key, string? Label)>? pushedKeys = null;
        lock (_scheduleLock)
        {
            var push = _pushPending && now >= _pushDue;
            if (!push && now < _pausedUntil)
            {
                _refreshGate.Release();
                return;
            }

            // A fleet follower sends nothing to the store; it sleeps until it loses the fleet (PollOnOwnSince).
            if (!_mayPoll())
            {
                _pausedUntil = now + WithJitter(_followerLook);
                _following = true;
                // A push taken while it led is the new leader's to read; kept, it would be due at every look.
                _pushPending = false;
                _pushedKeys.Take();
                _spreadFirstOwnRead = true;
                _refreshGate.Release();
                return;
            }

            // Instances that lose the fleet together (Redis down) would all read the store now, those that started
            // from the fleet with a full load; so the first own read waits up to half an interval more. (Only when
            // the loss was missed or came before the first look: PollOnOwnSince spreads it from the loss itself.)
            if (_spreadFirstOwnRead && !push)
            {
                _following = false;
                _spreadFirstOwnRead = false;
                _pausedUntil = now + Spread(_shortestInterval / 2);
                _refreshGate.Release();
                return;
            }

            if (_snapshot is null && _seedFromFleet?.Invoke() is { } seed)
            {
                // Sentinels are checked afresh: the fleet does not share their entity tags.
                _snapshot = seed with { SentinelETags = new ETag?[_reader.SentinelCount] };
            }

            fullLoad = _snapshot is null;
            keyValuesDue = _reader.WatchesKeyValues && now >= _keyValuesDue;
            featureFlagsDue = _reader.UsesFeatureFlags && now >= _featureFlagsDue;
            // A push may cut a failure backoff short, but never the wait the store itself asked for.
            if ((!push && now < _backoffUntil) || now < _retryAfterUntil || (!fullLoad && !push && !keyValuesDue && !featureFlagsDue))
            {
                _refreshGate.Release();
                return;
            }

            // Taken only once this refresh is sure to run; a push arriving meanwhile makes the next one due.
            _following = false;
            _spreadFirstOwnRead = false;
            if (push)
            {
                _pushPending = false;
                _lastPushRefresh = now;
                pushedKeys = _pushedKeys.Take();
                // Pushes that named their keys are answered by the pages that can hold them, unless the schedule is due anyway.
                if (pushedKeys is null || keyValuesDue || featureFlagsDue)
                {
                    pushedKeys = null;
                    keyValuesDue = true;
                    featureFlagsDue = true;
                }
            }
        }

        try
        {
            if (fullLoad)
            {
                await LoadAllAsync(cancellationToken).ConfigureAwait(false);
            }
            else if (pushedKeys is not null && await _reader.ReadPushedAsync(_snapshot!, pushedKeys, cancellationToken).ConfigureAwait(false) is { } pushed)
            {
                // The schedules stay: the other pages were not checked.
                Commit(pushed.Snapshot, pushed.Changed, keyValuesChecked: false, featureFlagsChecked: false);
            }
            else
            {
                keyValuesDue |= pushedKeys is not null;
                featureFlagsDue |= pushedKeys is not null;
                var (snapshot, changed, featureFlagsChecked) = await _reader.ReadChangedAsync(_snapshot!, keyValuesDue, featureFlagsDue, cancellationToken).ConfigureAwait(false);
                Commit(snapshot, changed, keyValuesDue, featureFlagsChecked);
            }
        }
        catch (Exception e) when (!(e is OperationCanceledException && cancellationToken.IsCancellationRequested))
        {
            var backoff = RecordFailure(e, _time.GetUtcNow());
            _logger.LogWarning(
                "Refresh of Azure App Configuration store {Endpoint} failed ({Error}); the previous configuration stays in force, next attempt in {Backoff}.",
                _client.Endpoint, Describe(e), backoff);
            throw;
        }
        finally
        {
            _refreshGate.Release();
        }
    }

    public async Task<bool> TryRefreshAsync(CancellationToken cancellationToken = default)
    {
        try
        {
            await RefreshAsync(cancellationToken).ConfigureAwait(false);
            return true;
        }
        catch (Exception) when (!cancellationToken.IsCancellationRequested)
        {
            // Already logged and recorded in Status by RefreshAsync.
            return false;
        }
    }

    public void ProcessPushNotification(PushNotification notification, TimeSpan? maxDelay = null)
    {
        ArgumentNullException.ThrowIfNull(notification);
        ArgumentException.ThrowIfNullOrEmpty(notification.SyncToken, nameof(notification));
        _client.UpdateSyncToken(notification.SyncToken);
        var delay = maxDelay is { } max && max > TimeSpan.Zero ? Spread(max) : TimeSpan.Zero;
        TaskCompletionSource wake;
        lock (_scheduleLock)
        {
            // However many pushes arrive, at most one refresh per coalescing interval: the others join the pending one.
            var due = Max(_time.GetUtcNow() + delay, _lastPushRefresh == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : _lastPushRefresh + _pushCoalescingInterval);
            _pushDue = _pushPending && _pushDue < due ? _pushDue : due;
            _pushPending = true;
            _pushedKeys.Add(notification);
            wake = TakeWakeLocked();
        }

        wake.TrySetResult();
    }

    /// <summary>Makes a refresh of everything due at once (a follower's pause included) and wakes whoever waits for one.</summary>
    public void RefreshNow()
    {
        TaskCompletionSource wake;
        lock (_scheduleLock)
        {
            // The failure backoff and the store's retry-after still hold; a new leader is one instance, no herd to spread.
            _pausedUntil = DateTimeOffset.MinValue;
            _following = false;
            _spreadFirstOwnRead = false;
            _keyValuesDue = DateTimeOffset.MinValue;
            _featureFlagsDue = DateTimeOffset.MinValue;
            wake = TakeWakeLocked();
        }

        wake.TrySetResult();
    }

    /// <summary>
    /// Wakes a follower that lost the fleet (at <paramref name="lostAt"/>, by the fleet's clock; now when unknown) to
    /// poll on its own: its first read comes within half an interval of the loss, spread so that a fleet that lost
    /// Redis together does not read the store all at once. An instance that was not following keeps its schedule.
    /// </summary>
    public void PollOnOwnSince(DateTimeOffset? lostAt)
    {
        TaskCompletionSource wake;
        lock (_scheduleLock)
        {
            if (!_following)
            {
                return;
            }

            var now = _time.GetUtcNow();
            _following = false;
            _spreadFirstOwnRead = false;
            _pausedUntil = (lostAt is { } since && since < now ? since : now) + Spread(_shortestInterval / 2);
            wake = TakeWakeLocked();
        }

        wake.TrySetResult();
    }

    public async Task WaitUntilRefreshDueAsync(CancellationToken cancellationToken = default)
    {
        while (true)
        {
            // A refresh in progress elsewhere is waited for; else a due-but-busy source would make a caller's loop spin.
            await _refreshGate.WaitAsync(cancellationToken).ConfigureAwait(false);
            _refreshGate.Release();

            Task wake;
            TimeSpan delay;
            lock (_scheduleLock)
            {
                wake = _wake.Task;
                delay = NextDueLocked() is { } due ? due - _time.GetUtcNow() : Timeout.InfiniteTimeSpan;
            }

            if (delay != Timeout.InfiniteTimeSpan && delay <= TimeSpan.Zero)
            {
                return;
            }

            using var cancelDelay = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            var timer = Task.Delay(delay, _time, cancelDelay.Token);
            await Task.WhenAny(timer, wake).ConfigureAwait(false);
            await cancelDelay.CancelAsync().ConfigureAwait(false);
            cancellationToken.ThrowIfCancellationRequested();
        }
    }

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>The wake-up of those waiting now (the caller sets it after leaving the lock); later waiters get a new one.</summary>
    private TaskCompletionSource TakeWakeLocked()
    {
        var wake = _wake;
        _wake = NewWake();
        return wake;
    }

    private static string Describe(Exception e) => e switch
    {
        AggregateException { InnerExceptions.Count: > 0 } aggregate => Describe(aggregate.InnerExceptions[^1]),
        // A 400 is a mistake to fix (a filter, the api-version), so its first line, the store's explanation, is kept.
        RequestFailedException { Status: 400 } r => $"HTTP 400{(r.ErrorCode is null ? string.Empty : " " + r.ErrorCode)}: {FirstLine(r.Message)}",
        RequestFailedException { Status: > 0 } r => $"HTTP {r.Status}{(r.ErrorCode is null ? string.Empty : " " + r.ErrorCode)}",
        RequestFailedException r => "transport fault: " + (r.InnerException?.Message ?? r.Message),
        OperationCanceledException => "timed out",
        _ => $"{e.GetType().Name}: {e.Message}",
    };

    private static string FirstLine(string message)
    {
        var line = message.AsSpan();
        var end = line.IndexOfAny('\r', '\n');
        line = end < 0 ? line : line[..end];
        return line.Length <= 400 ? line.ToString() : string.Concat(line[..400], "…");
    }

    private static bool IsWorthRetryingAtStartup(Exception e) => e switch
    {
        RequestFailedException { Status: 400 or 401 or 403 or 404 } => false,
        AggregateException aggregate => aggregate.InnerExceptions.All(IsWorthRetryingAtStartup),
        RequestFailedException or IOException or OperationCanceledException or HttpRequestException => true,
        _ => false,
    };

    private async Task LoadWithinStartupTimeoutAsync()
    {
        // Wall-clock on purpose: startup blocks the host, whatever clock schedules refreshes.
        using var timeout = new CancellationTokenSource(_startupTimeout);
        var delay = TimeSpan.FromMilliseconds(200);
        while (true)
        {
            try
            {
                await _refreshGate.WaitAsync(timeout.Token).ConfigureAwait(false);
                try
                {
                    await LoadAllAsync(timeout.Token).ConfigureAwait(false);
                    return;
                }
                finally
                {
                    _refreshGate.Release();
                }
            }
            catch (Exception e) when (IsWorthRetryingAtStartup(e) && !timeout.IsCancellationRequested)
            {
                _logger.LogDebug("Initial load of {Endpoint} failed ({Error}); retrying in {Delay}.", _client.Endpoint, Describe(e), delay);
                try
                {
                    await Task.Delay(delay, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException)
                {
                    throw new TimeoutException($"The store did not answer within the startup timeout of {_startupTimeout} ({Describe(e)}).", e);
                }

                delay = delay * 2 < MaxStartupRetryDelay ? delay * 2 : MaxStartupRetryDelay;
            }
            catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"The store did not answer within the startup timeout of {_startupTimeout}.", e);
            }
        }
    }

    private async Task LoadAllAsync(CancellationToken cancellationToken) =>
        Commit(await _reader.ReadAllAsync(cancellationToken).ConfigureAwait(false), rebuild: true, keyValuesChecked: true, featureFlagsChecked: true);

    /// <summary>Hands a complete snapshot to the target, records the success, and reschedules.</summary>
    private void Commit(StoreSnapshot snapshot, bool rebuild, bool keyValuesChecked, bool featureFlagsChecked)
    {
        var now = _time.GetUtcNow();
        var changed = _target.Swap(snapshot, rebuild);
        var wasFromFile = _status.FromLastKnownGoodFile;
        lock (_scheduleLock)
        {
            _snapshot = snapshot;
            var keyValuesDue = now + WithJitter(_keyValueInterval);
            if (keyValuesChecked)
            {
                _keyValuesDue = keyValuesDue;
            }

            if (featureFlagsChecked)
            {
                _featureFlagsDue = _oneSchedule ? keyValuesDue : now + WithJitter(_featureFlagInterval);
            }

            _backoffUntil = DateTimeOffset.MinValue;
            _retryAfterUntil = DateTimeOffset.MinValue;
            _status = new AppConfigurationSourceStatus(AppConfigurationSourceState.Loaded, now, null, null, 0, false);
        }

        _target.Swapped(changed, wasFromFile, now);
    }

    private TimeSpan RecordFailure(Exception e, DateTimeOffset now)
    {
        lock (_scheduleLock)
        {
            var previous = _status;
            var failures = previous.ConsecutiveFailures + 1;
            var factor = Math.Pow(2, Math.Min(failures - 1, 20));
            var backoff = TimeSpan.FromTicks((long)Math.Min(_firstBackoff.Ticks * factor, _backoffCap.Ticks));
            // Up to 20 % less, so that instances that failed together do not come back together.
            backoff -= Spread(backoff / 5);
            var retryAfter = RetryAfter.Of(e, now) is { } asked ? (asked < MaxRetryAfter ? asked : MaxRetryAfter) : TimeSpan.Zero;
            _retryAfterUntil = now + retryAfter;
            backoff = backoff > retryAfter ? backoff : retryAfter;
            _backoffUntil = now + backoff;
            var state = previous.State == AppConfigurationSourceState.NotLoaded && _snapshot is null && !previous.FromLastKnownGoodFile
                ? AppConfigurationSourceState.NotLoaded
                : AppConfigurationSourceState.Stale;
            _status = previous with
            {
                State = state,
                StaleSince = previous.StaleSince ?? (state == AppConfigurationSourceState.Stale ? now : null),
                LastError = Describe(e),
                ConsecutiveFailures = failures,
            };
            return backoff;
        }
    }

    private DateTimeOffset? NextDueLocked()
    {
        if (_pushPending)
        {
            return Max(_pushDue, _retryAfterUntil);
        }

        DateTimeOffset? due = _snapshot is null ? DateTimeOffset.MinValue : null;
        if (_reader.WatchesKeyValues)
        {
            due = due is null || _keyValuesDue < due ? _keyValuesDue : due;
        }

        if (_reader.UsesFeatureFlags)
        {
            due = due is null || _featureFlagsDue < due ? _featureFlagsDue : due;
        }

        due = due is { } paused && paused < _pausedUntil ? _pausedUntil : due;
        return due is { } d && d < _backoffUntil ? _backoffUntil : due;
    }

    /// <summary>The interval plus up to 10 % (at most 10 s), so that many instances do not poll in lockstep.</summary>
    private static TimeSpan WithJitter(TimeSpan interval) =>
        interval + Spread(TimeSpan.FromTicks(Math.Min(interval.Ticks / 10, TimeSpan.TicksPerSecond * 10)));

    /// <summary>A random wait from zero up to <paramref name="max"/>, so that instances doing the same thing spread out.</summary>
    private static TimeSpan Spread(TimeSpan max) => TimeSpan.FromTicks((long)(max.Ticks * Random.Shared.NextDouble()));

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;
}
