using Azure;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The configuration provider of one store. A load or refresh reads everything it needs first and then swaps
/// the whole data set at once; a failure halfway leaves the previous snapshot in force. The reload token fires
/// only when the data actually differs.
/// </summary>
internal sealed class AzureAppConfigurationProvider : ConfigurationProvider, IConfigurationRefresher
{
    private static readonly TimeSpan MaxBackoff = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan MaxRetryAfter = TimeSpan.FromMinutes(10);
    private static readonly TimeSpan FirstBackoffCap = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan MaxStartupRetryDelay = TimeSpan.FromSeconds(2);

    private readonly AzureAppConfigurationOptions _options;
    private readonly AppConfigurationClient _client;
    private readonly ILogger _logger;
    private readonly TimeProvider _time;
    private readonly KeyValueSelector[] _keyValueSelectors;
    private readonly KeyValueSelector[] _featureFlagSelectors;
    private readonly (string Key, string Label, bool RefreshAll)[] _sentinels;
    private readonly bool _watchAllKeyValues;
    private readonly bool _watchKeyValues;
    private readonly bool _useFeatureFlags;
    private readonly TimeSpan _keyValueInterval;
    private readonly TimeSpan _featureFlagInterval;
    private readonly TimeSpan _firstBackoff;
    private readonly TimeSpan _backoffCap;
    private readonly TimeSpan _pushCoalescingInterval;
    private readonly SnapshotBuilder _builder;
    private readonly SemaphoreSlim _refreshGate = new(1, 1);
    private readonly Lock _scheduleLock = new();

    private StoreSnapshot? _snapshot;
    private bool _loadAttempted;
    private DateTimeOffset _keyValuesDue;
    private DateTimeOffset _featureFlagsDue;
    private DateTimeOffset _backoffUntil;
    private DateTimeOffset _retryAfterUntil;
    private bool _pushPending;
    private DateTimeOffset _pushDue;
    private DateTimeOffset _lastPushRefresh = DateTimeOffset.MinValue;
    private TaskCompletionSource _wake = NewWake();
    private volatile AppConfigurationSourceStatus _status = AppConfigurationSourceStatus.Initial;

    public AzureAppConfigurationProvider(AzureAppConfigurationOptions options)
    {
        _options = options;
        _client = options.CreateClient();
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger("OpenFeatureAppConfig.AppConfiguration") ?? NullLogger.Instance;
        _time = options.TimeProvider;
        _keyValueSelectors = options.Selectors.Count > 0
            ? [.. options.Selectors]
            : [new KeyValueSelector(SettingSelector.Any, SettingSelector.NoLabel)];
        _useFeatureFlags = options.FeatureFlags is not null;
        _featureFlagSelectors = options.FeatureFlags is null ? []
            : options.FeatureFlags.Selectors.Count > 0 ? [.. options.FeatureFlags.Selectors]
            : [new KeyValueSelector(FeatureFlagMapper.KeyPrefix + SettingSelector.Any, SettingSelector.NoLabel)];
        _sentinels = options.Refresh is null ? [] : [.. options.Refresh.Sentinels];
        _watchAllKeyValues = options.Refresh?.WatchAll ?? false;
        _watchKeyValues = _watchAllKeyValues || _sentinels.Length > 0;
        _keyValueInterval = options.Refresh?.RefreshInterval ?? RefreshIntervals.Default;
        _featureFlagInterval = options.FeatureFlags?.RefreshInterval ?? RefreshIntervals.Default;
        var shortest = new[] { _watchKeyValues ? _keyValueInterval : TimeSpan.MaxValue, _useFeatureFlags ? _featureFlagInterval : TimeSpan.MaxValue }.Min();
        _firstBackoff = shortest < FirstBackoffCap ? shortest : FirstBackoffCap;
        // So that a store that comes back is seen within about two intervals.
        _backoffCap = shortest < MaxBackoff / 2 ? shortest * 2 : MaxBackoff;
        _pushCoalescingInterval = options.PushCoalescingInterval;
        _builder = new SnapshotBuilder(options.KeyPrefixesToTrim, _client.Endpoint, _logger);
    }

    public Uri AppConfigurationEndpoint => _client.Endpoint;

    public AppConfigurationSourceStatus Status => _status;

    /// <summary>
    /// The initial load, bounded by the startup timeout. <see cref="ConfigurationRoot.Reload"/> calls this again;
    /// then the current snapshot simply stays (refresh is the way to pick up changes).
    /// </summary>
    public override void Load()
    {
        if (_loadAttempted)
        {
            return;
        }

        _loadAttempted = true;
        try
        {
            Task.Run(LoadWithinStartupTimeoutAsync).GetAwaiter().GetResult();
        }
        catch (Exception e) when (!_options.Startup.FailFast)
        {
            var now = _time.GetUtcNow();
            RecordFailure(e, now);
            _logger.LogWarning(
                "Azure App Configuration store {Endpoint} could not be loaded within {Timeout} ({Error}); starting without it.",
                _client.Endpoint, _options.Startup.Timeout, Describe(e));
            UseLastKnownGoodFile();
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
        lock (_scheduleLock)
        {
            var push = _pushPending && now >= _pushDue;
            fullLoad = _snapshot is null;
            keyValuesDue = push || (_watchKeyValues && now >= _keyValuesDue);
            featureFlagsDue = push || (_useFeatureFlags && now >= _featureFlagsDue);
            // A push may cut a failure backoff short, but never the wait the store itself asked for.
            if ((!push && now < _backoffUntil) || now < _retryAfterUntil || (!fullLoad && !keyValuesDue && !featureFlagsDue))
            {
                _refreshGate.Release();
                return;
            }

            // Taken only once this refresh is sure to run; a push arriving meanwhile makes the next one due.
            if (push)
            {
                _pushPending = false;
                _lastPushRefresh = now;
            }
        }

        try
        {
            if (fullLoad)
            {
                await LoadAllAsync(cancellationToken).ConfigureAwait(false);
            }
            else
            {
                await RefreshChangedAsync(keyValuesDue, featureFlagsDue, cancellationToken).ConfigureAwait(false);
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
        var delay = maxDelay is { } max && max > TimeSpan.Zero
            ? TimeSpan.FromTicks((long)(Random.Shared.NextDouble() * max.Ticks))
            : TimeSpan.Zero;
        TaskCompletionSource wake;
        lock (_scheduleLock)
        {
            // However many pushes arrive, at most one refresh per coalescing interval: the others join the pending one.
            var due = Max(_time.GetUtcNow() + delay, _lastPushRefresh == DateTimeOffset.MinValue ? DateTimeOffset.MinValue : _lastPushRefresh + _pushCoalescingInterval);
            _pushDue = _pushPending && _pushDue < due ? _pushDue : due;
            _pushPending = true;
            wake = _wake;
            _wake = NewWake();
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

    public override string ToString() => $"Azure App Configuration ({_client.Endpoint})";

    private static TaskCompletionSource NewWake() => new(TaskCreationOptions.RunContinuationsAsynchronously);

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
        using var timeout = new CancellationTokenSource(_options.Startup.Timeout);
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
                    throw new TimeoutException($"The store did not answer within the startup timeout of {_options.Startup.Timeout} ({Describe(e)}).", e);
                }

                delay = delay * 2 < MaxStartupRetryDelay ? delay * 2 : MaxStartupRetryDelay;
            }
            catch (OperationCanceledException e) when (timeout.IsCancellationRequested)
            {
                throw new TimeoutException($"The store did not answer within the startup timeout of {_options.Startup.Timeout}.", e);
            }
        }
    }

    /// <summary>Reads every collection and sentinel unconditionally and swaps in the result.</summary>
    private async Task LoadAllAsync(CancellationToken cancellationToken)
    {
        var keyValues = new List<CollectionSnapshot>(_keyValueSelectors.Length);
        foreach (var selector in _keyValueSelectors)
        {
            keyValues.Add((await CollectionSnapshot.ReadAsync(_client, selector, null, cancellationToken).ConfigureAwait(false)).Snapshot);
        }

        var featureFlags = new List<CollectionSnapshot>(_featureFlagSelectors.Length);
        foreach (var selector in _featureFlagSelectors)
        {
            featureFlags.Add((await CollectionSnapshot.ReadAsync(_client, selector, null, cancellationToken).ConfigureAwait(false)).Snapshot);
        }

        var sentinels = new List<ETag?>(_sentinels.Length);
        foreach (var sentinel in _sentinels)
        {
            sentinels.Add((await CheckSentinelAsync(sentinel.Key, sentinel.Label, null, cancellationToken).ConfigureAwait(false)).ETag);
        }

        Commit(new StoreSnapshot(keyValues, featureFlags, sentinels), rebuild: true, keyValuesChecked: true, featureFlagsChecked: true);
    }

    /// <summary>Conditional requests for the due collections; unchanged pages reuse what is cached.</summary>
    private async Task RefreshChangedAsync(bool keyValuesDue, bool featureFlagsDue, CancellationToken cancellationToken)
    {
        var previous = _snapshot!;
        var keyValues = previous.KeyValues;
        var featureFlags = previous.FeatureFlags;
        var sentinels = previous.SentinelETags;
        var changed = false;

        if (keyValuesDue && _watchKeyValues)
        {
            var reload = _watchAllKeyValues;
            if (_sentinels.Length > 0)
            {
                var updated = new List<ETag?>(_sentinels.Length);
                for (var i = 0; i < _sentinels.Length; i++)
                {
                    var (etag, sentinelChanged) = await CheckSentinelAsync(_sentinels[i].Key, _sentinels[i].Label, sentinels[i], cancellationToken).ConfigureAwait(false);
                    updated.Add(etag);
                    reload |= sentinelChanged;
                    featureFlagsDue |= sentinelChanged && _sentinels[i].RefreshAll && _useFeatureFlags;
                }

                sentinels = updated;
            }

            if (reload)
            {
                (keyValues, var keyValuesChanged) = await RereadAsync(previous.KeyValues, cancellationToken).ConfigureAwait(false);
                changed |= keyValuesChanged;
            }
        }

        if (featureFlagsDue && _useFeatureFlags)
        {
            (featureFlags, var featureFlagsChanged) = await RereadAsync(previous.FeatureFlags, cancellationToken).ConfigureAwait(false);
            changed |= featureFlagsChanged;
        }

        Commit(new StoreSnapshot(keyValues, featureFlags, sentinels), changed, keyValuesDue, featureFlagsDue);
    }

    private async Task<(IReadOnlyList<CollectionSnapshot> Collections, bool Changed)> RereadAsync(
        IReadOnlyList<CollectionSnapshot> previous, CancellationToken cancellationToken)
    {
        var collections = new List<CollectionSnapshot>(previous.Count);
        var changed = false;
        foreach (var collection in previous)
        {
            var (snapshot, collectionChanged) = await CollectionSnapshot.ReadAsync(_client, collection.Selector, collection, cancellationToken).ConfigureAwait(false);
            collections.Add(snapshot);
            changed |= collectionChanged;
        }

        return (collections, changed);
    }

    private async Task<(ETag? ETag, bool Changed)> CheckSentinelAsync(string key, string label, ETag? known, CancellationToken cancellationToken)
    {
        try
        {
            var response = await _client.GetConfigurationSettingIfChangedAsync(key, label == SettingSelector.NoLabel ? null : label, known, cancellationToken).ConfigureAwait(false);
            return response.Value is { } setting ? (setting.ETag, setting.ETag != known) : (known, false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return (null, known is not null);
        }
    }

    /// <summary>Swaps in a complete snapshot, fires the reload token only on a real change, and reschedules.</summary>
    private void Commit(StoreSnapshot snapshot, bool rebuild, bool keyValuesChecked, bool featureFlagsChecked)
    {
        var now = _time.GetUtcNow();
        var changed = false;
        if (rebuild)
        {
            var data = _builder.Build(snapshot.KeyValues, snapshot.FeatureFlags);
            if (!SameData(data, Data))
            {
                Data = data;
                changed = true;
            }
        }

        var wasFromFile = _status.FromLastKnownGoodFile;
        lock (_scheduleLock)
        {
            _snapshot = snapshot;
            if (keyValuesChecked)
            {
                _keyValuesDue = now + WithJitter(_keyValueInterval);
            }

            if (featureFlagsChecked)
            {
                _featureFlagsDue = now + WithJitter(_featureFlagInterval);
            }

            _backoffUntil = DateTimeOffset.MinValue;
            _retryAfterUntil = DateTimeOffset.MinValue;
            _status = new AppConfigurationSourceStatus(AppConfigurationSourceState.Loaded, now, null, null, 0, false);
        }

        if (changed || wasFromFile)
        {
            SaveLastKnownGood(now);
        }

        if (changed)
        {
            _logger.LogInformation("Loaded {Count} configuration entries from {Endpoint}.", Data.Count, _client.Endpoint);
            OnReload();
        }
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
            backoff -= TimeSpan.FromTicks((long)(backoff.Ticks * 0.2 * Random.Shared.NextDouble()));
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

    private void UseLastKnownGoodFile()
    {
        if (_options.LastKnownGoodFilePath is not { } path)
        {
            return;
        }

        try
        {
            if (LastKnownGoodFile.TryRead(path) is not { } saved)
            {
                return;
            }

            Data = saved.Data;
            lock (_scheduleLock)
            {
                _status = _status with { State = AppConfigurationSourceState.Stale, StaleSince = saved.SavedAt, FromLastKnownGoodFile = true };
            }

            _logger.LogWarning("Using the last-known-good configuration saved at {SavedAt} ({Count} entries).", saved.SavedAt, saved.Data.Count);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException)
        {
            _logger.LogWarning("The last-known-good file could not be read: {Error}", e.Message);
        }
    }

    private void SaveLastKnownGood(DateTimeOffset now)
    {
        if (_options.LastKnownGoodFilePath is not { } path)
        {
            return;
        }

        try
        {
            LastKnownGoodFile.Write(path, new Dictionary<string, string?>(Data, StringComparer.OrdinalIgnoreCase), now);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            _logger.LogWarning("The last-known-good file could not be written: {Error}", e.Message);
        }
    }

    private DateTimeOffset? NextDueLocked()
    {
        if (_pushPending)
        {
            return Max(_pushDue, _retryAfterUntil);
        }

        DateTimeOffset? due = _snapshot is null ? DateTimeOffset.MinValue : null;
        if (_watchKeyValues)
        {
            due = due is null || _keyValuesDue < due ? _keyValuesDue : due;
        }

        if (_useFeatureFlags)
        {
            due = due is null || _featureFlagsDue < due ? _featureFlagsDue : due;
        }

        return due is { } d && d < _backoffUntil ? _backoffUntil : due;
    }

    /// <summary>The interval plus up to 10 % (at most 10 s), so that many instances do not poll in lockstep.</summary>
    private static TimeSpan WithJitter(TimeSpan interval)
    {
        var maxJitter = Math.Min(interval.Ticks / 10, TimeSpan.TicksPerSecond * 10);
        return interval + TimeSpan.FromTicks((long)(maxJitter * Random.Shared.NextDouble()));
    }

    private static DateTimeOffset Max(DateTimeOffset a, DateTimeOffset b) => a > b ? a : b;

    private static bool SameData(IDictionary<string, string?> next, IDictionary<string, string?> current)
    {
        if (next.Count != current.Count)
        {
            return false;
        }

        foreach (var (key, value) in next)
        {
            if (!current.TryGetValue(key, out var existing) || !string.Equals(existing, value, StringComparison.Ordinal))
            {
                return false;
            }
        }

        return true;
    }
}
