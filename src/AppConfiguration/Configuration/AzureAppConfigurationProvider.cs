using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// The configuration provider of one store: exposes the snapshots its <see cref="StorePoller"/> reads as
/// <see cref="IConfiguration"/> data. Each snapshot replaces the whole data set at once, so a failure halfway leaves
/// the previous one in force; the reload token fires only when the data actually differs; every change is kept in
/// the last-known-good file, which is also what the provider starts from when the store is unreachable.
/// </summary>
internal sealed class AzureAppConfigurationProvider : ConfigurationProvider, IConfigurationRefresher, ISnapshotTarget
{
    private readonly Uri _endpoint;
    private readonly bool _failFast;
    private readonly ILogger _logger;
    private readonly SnapshotBuilder _builder;
    private readonly LastKnownGoodFile? _lastKnownGood;
    private readonly StorePoller _poller;
    private bool _loadAttempted;

    public AzureAppConfigurationProvider(AzureAppConfigurationOptions options)
    {
        var client = options.CreateClient();
        _endpoint = client.Endpoint;
        _failFast = options.Startup.FailFast;
        _logger = (ILogger?)options.LoggerFactory?.CreateLogger("OpenFeatureAppConfig.AppConfiguration") ?? NullLogger.Instance;
        _builder = new SnapshotBuilder(options.KeyPrefixesToTrim, client.Endpoint, _logger);
        _lastKnownGood = options.LastKnownGoodFilePath is { } path ? new LastKnownGoodFile(path, _logger) : null;
        _poller = new StorePoller(options, client, _logger, this);
    }

    public Uri AppConfigurationEndpoint => _endpoint;

    public AppConfigurationSourceStatus Status => _poller.Status with { MalformedFeatureFlags = _builder.MalformedFeatureFlags };

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

    public void ProcessPushNotification(PushNotification notification, TimeSpan? maxDelay = null) =>
        _poller.ProcessPushNotification(notification, maxDelay);

    public Task WaitUntilRefreshDueAsync(CancellationToken cancellationToken = default) => _poller.WaitUntilRefreshDueAsync(cancellationToken);

    public override string ToString() => $"Azure App Configuration ({_endpoint})";

    bool ISnapshotTarget.Swap(StoreSnapshot snapshot, bool rebuild)
    {
        if (!rebuild)
        {
            return false;
        }

        var data = _builder.Build(snapshot.KeyValues, snapshot.FlagCollections);
        if (SameData(data, Data))
        {
            return false;
        }

        Data = data;
        return true;
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

    private void UseLastKnownGoodFile()
    {
        if (_lastKnownGood?.TryLoad() is not { } saved)
        {
            return;
        }

        Data = saved.Data;
        _poller.RecordStartFromLastKnownGood(saved.SavedAt);
        _logger.LogWarning("Using the last-known-good configuration saved at {SavedAt} ({Count} entries).", saved.SavedAt, saved.Data.Count);
    }

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
