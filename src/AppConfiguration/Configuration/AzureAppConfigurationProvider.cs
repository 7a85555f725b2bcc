using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The configuration provider of one store: exposes the snapshots its <see cref="StorePoller"/> reads as
/// <see cref="IConfiguration"/> data. Each snapshot replaces the whole data set at once, so a failure halfway leaves
/// the previous one in force; the reload token fires only when the data actually differs; every change is kept in
/// the last-known-good file, which is also what the provider starts from when the store is unreachable. In fleet
/// mode (<see cref="AzureAppConfigurationOptions.JoinFleet"/>) the fleet's snapshots are a second way in: the poller
/// then runs only while this instance leads (and publishes what it reads) or the fleet is unreachable, and the data
/// in force never goes back to an older store version.
/// </summary>
internal sealed class AzureAppConfigurationProvider : ConfigurationProvider, IConfigurationRefresher, ISnapshotTarget
{
    private readonly Uri _endpoint;
    private readonly TimeProvider _timeProvider;
    private readonly bool _failFast;
    private readonly ILogger _logger;
    private readonly SnapshotBuilder _builder;
    private readonly LastKnownGoodFile? _lastKnownGood;
    private readonly StorePoller _poller;
    private readonly ISnapshotFleet? _fleet;
    private readonly SnapshotMapper? _mapper;
    private readonly FleetPublication _publication = new();

    // The fleet's snapshot whose data is in force (null once a read of this instance's own replaced it).
    private StoreSnapshot? _fromFleetInForce;
    private readonly Lock _swapLock = new();
    private volatile ConfigurationData? _data;
    private long _versionInForce = -1;
    private bool _loadAttempted;

    public AzureAppConfigurationProvider(AzureAppConfigurationOptions options)
    {
        var client = options.CreateClient();
        _endpoint = client.Endpoint;
        _timeProvider = options.TimeProvider;
        _failFast = options.Startup.FailFast;
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger("OpenFeatureAppConfig.AppConfiguration") ?? NullLogger.Instance;
        _builder = new SnapshotBuilder(options.KeyPrefixesToTrim, client.Endpoint, _logger);
        _lastKnownGood = options.LastKnownGoodFilePath is { } path ? new LastKnownGoodFile(path, _logger) : null;
        _fleet = options.Fleet;
        _poller = _fleet is null
            ? new StorePoller(options, client, _logger, this)
            : new StorePoller(options, client, _logger, this, () => _fleet.Status.Role != FleetRole.Follower, FleetSnapshotAsLeaderPagedIt);
        if (_fleet is not null)
        {
            _mapper = new SnapshotMapper(SelectionPlan.For(options));
            _fleet.SnapshotChanged += (_, snapshot) => TakeFleetSnapshot(snapshot);
            _fleet.PushRelayed += (_, notification) => _poller.ProcessPushNotification(notification);
            // The store may have changed since the previous leader last looked (or it died before publishing).
            _fleet.LeadershipAcquired += (_, _) => _poller.RefreshNow();
            _fleet.RoleChanged += (_, _) =>
            {
                if (_fleet.Status is { Role: FleetRole.Standalone } status)
                {
                    _poller.PollOnOwnSince(status.UnreachableSince);
                }
            };
        }
    }

    public Uri AppConfigurationEndpoint => _endpoint;

    /// <summary>Which flag sections each swap changed, for a consumer that reads only those after a reload.</summary>
    public FlagSlotChangeFeed Changes { get; } = new();

    public AppConfigurationSourceStatus Status => _poller.Status with { MalformedFeatureFlags = _builder.MalformedFeatureFlags, Fleet = _fleet?.Status };

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
        if (_fleet?.Current is { } fromFleet)
        {
            // Cold start from the fleet: no request to the store.
            TakeFleetSnapshot(fromFleet);
            return;
        }

        try
        {
            _poller.LoadAtStartup();
        }
        catch (Exception e) when (!_failFast)
        {
            _poller.RecordStartupFailure(e);
            UseLastKnownGoodFile();
        }
    }

    public Task RefreshAsync(CancellationToken cancellationToken = default) => _poller.RefreshAsync(cancellationToken);

    public Task<bool> TryRefreshAsync(CancellationToken cancellationToken = default) => _poller.TryRefreshAsync(cancellationToken);

    public void ProcessPushNotification(PushNotification notification, TimeSpan? maxDelay = null)
    {
        ArgumentNullException.ThrowIfNull(notification);
        if (_fleet?.Status.Role == FleetRole.Follower)
        {
            // Only the leader reads the store; what it reads reaches every instance.
            _ = RelayPushAsync(_fleet, notification);
            return;
        }

        _poller.ProcessPushNotification(notification, maxDelay);
    }

    public Task WaitUntilRefreshDueAsync(CancellationToken cancellationToken = default) => _poller.WaitUntilRefreshDueAsync(cancellationToken);

    public override string ToString() => $"Azure App Configuration ({_endpoint})";

    /// <summary>
    /// The base class scans every key per call, which makes walking the flags of a large store quadratic; the
    /// snapshot's index answers in proportion to the children (data from elsewhere, e.g. the last-known-good file,
    /// is scanned as before).
    /// </summary>
    public override IEnumerable<string> GetChildKeys(IEnumerable<string> earlierKeys, string? parentPath)
    {
        var data = _data;
        return data is not null && ReferenceEquals(data.Data, Data)
            ? data.GetChildKeys(earlierKeys, parentPath)
            : base.GetChildKeys(earlierKeys, parentPath);
    }

    /// <summary>A value set in memory stays until the next change of the store, as before: the next build is whole and compared.</summary>
    public override void Set(string key, string? value)
    {
        lock (_swapLock)
        {
            _data = null;
            _builder.Forget();
            Changes.Invalidate();
            if (Data is SnapshotDictionary shared)
            {
                // A snapshot's data is read-only (its parts are shared with the next one).
                Data = new Dictionary<string, string?>(shared, StringComparer.OrdinalIgnoreCase);
            }

            base.Set(key, value);
        }
    }

    bool ISnapshotTarget.Swap(StoreSnapshot snapshot, bool rebuild)
    {
        if (_fleet is not null)
        {
            PublishIfLeader(_fleet, snapshot, rebuild);
        }

        return rebuild && Replace(snapshot, fromFleet: false) == true;
    }

    void ISnapshotTarget.Swapped(bool changed, bool replacedLastKnownGood, DateTimeOffset now)
    {
        if (changed || replacedLastKnownGood)
        {
            _lastKnownGood?.Save(Data, now);
        }

        if (changed)
        {
            _logger.LogInformation("Loaded {Count} configuration entries from {Endpoint}.", Data.Count, _endpoint);
            OnReload();
        }
    }

    /// <summary>
    /// Builds the data of <paramref name="snapshot"/> and swaps it in, unless a newer store version is in force (or,
    /// from the fleet, the same one: this instance read that state itself). Returns whether the data changed, or
    /// null when the snapshot was not taken.
    /// </summary>
    private bool? Replace(StoreSnapshot snapshot, bool fromFleet)
    {
        lock (_swapLock)
        {
            if (_fleet is not null && (snapshot.Version < _versionInForce || (fromFleet && snapshot.Version == _versionInForce)))
            {
                return null;
            }

            _versionInForce = Math.Max(_versionInForce, snapshot.Version);
            var (built, changed) = _builder.Build(snapshot);
            _fromFleetInForce = fromFleet ? snapshot : null;
            changed ??= !ConfigurationData.SameContent(built.Data, Data);

            // Also when unchanged: the content is equal, and child keys are then answered from the new index.
            var previous = _data;
            _data = built;
            Data = built.Data;
            Changes.Record(previous, built);
            return changed.Value;
        }
    }

    private void TakeFleetSnapshot(KeyValueSnapshot snapshot)
    {
        // Not worth mapping when it cannot be taken (Replace checks again under the lock).
        if (snapshot.Version <= Interlocked.Read(ref _versionInForce)
            || Replace(_mapper!.FromFleet(snapshot), fromFleet: true) is not { } changed)
        {
            return;
        }

        var wasFromFile = _poller.Status.FromLastKnownGoodFile;
        var now = _timeProvider.GetUtcNow();
        _poller.RecordSnapshotFromFleet(now);
        _logger.LogDebug("Took the fleet's {Snapshot}.", snapshot);
        ((ISnapshotTarget)this).Swapped(changed, wasFromFile, now);
    }

    /// <summary>
    /// The fleet's snapshot in force paged as the leader read it (null without one), so that the poller's first own
    /// read after the fleet is lost asks for each page conditionally.
    /// </summary>
    private StoreSnapshot? FleetSnapshotAsLeaderPagedIt()
    {
        StoreSnapshot? inForce;
        lock (_swapLock)
        {
            inForce = _fromFleetInForce;
        }

        return inForce is not null && _fleet is IFleetPageLayout { PageLayout: { } layout } ? layout.Page(inForce) : null;
    }

    private void PublishIfLeader(ISnapshotFleet fleet, StoreSnapshot snapshot, bool rebuild)
    {
        if (fleet.Status.Role != FleetRole.Leader || snapshot.Version <= 0)
        {
            return;
        }

        // Unchanged and already in the fleet (or the fleet has a newer one): nothing to publish.
        var inFleet = fleet.Current;
        if (!rebuild && inFleet is not null && inFleet.Version >= _versionInForce)
        {
            return;
        }

        var next = _publication.Next(snapshot);
        if (inFleet is not null && (inFleet.Version >= next.Version || inFleet.Hash == next.Hash))
        {
            return;
        }

        _ = PublishAsync(fleet, next, snapshot);
    }

    private async Task PublishAsync(ISnapshotFleet fleet, KeyValueSnapshot snapshot, StoreSnapshot read)
    {
        try
        {
            if (await fleet.PublishAsync(snapshot).ConfigureAwait(false))
            {
                _logger.LogInformation("Published {Snapshot} to the fleet.", snapshot);
                if (fleet is IFleetPageLayout layout)
                {
                    await layout.PublishPageLayoutAsync(StorePageLayout.Of(read)).ConfigureAwait(false);
                }
            }
        }
        catch (Exception e)
        {
            // The fleet keeps its snapshot; the next changed refresh publishes again.
            _logger.LogWarning("Publishing {Snapshot} to the fleet failed ({Error}).", snapshot, e.GetType().Name);
        }
    }

    private async Task RelayPushAsync(ISnapshotFleet fleet, PushNotification notification)
    {
        try
        {
            await fleet.RelayPushAsync(notification).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            _logger.LogWarning("Relaying a push notification to the fleet's leader failed ({Error}); the next scheduled refresh picks the change up.", e.GetType().Name);
        }
    }

    private void UseLastKnownGoodFile()
    {
        if (_lastKnownGood?.TryLoad() is not { } saved)
        {
            return;
        }

        Data = saved.Data;
        Changes.Invalidate();
        _poller.RecordStartFromLastKnownGood(saved.SavedAt);
        _logger.LogWarning("Using the last-known-good configuration saved at {SavedAt} ({Count} entries).", saved.SavedAt, saved.Data.Count);
    }
}
