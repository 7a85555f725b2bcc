using Azure.Core;
using Microsoft.Extensions.Logging;

namespace OpenFeatureAppConfig.AppConfiguration;

/// <summary>
/// Configures an App Configuration source: the store, what to select, feature flags, refresh and startup.
/// Shaped like Microsoft's <c>AzureAppConfigurationOptions</c>.
/// </summary>
public sealed class AzureAppConfigurationOptions
{
    private readonly DeferredRefresher _refresher = new();
    private Func<AppConfigurationClientOptions, AppConfigurationClient>? _clientFactory;
    private Action<AppConfigurationClientOptions>? _configureClient;
    private TimeSpan _pushCoalescingInterval = TimeSpan.FromSeconds(1);

    internal List<KeyValueSelector> Selectors { get; } = [];

    internal List<string> KeyPrefixesToTrim { get; } = [];

    internal FeatureFlagOptions? FeatureFlags { get; private set; }

    internal AzureAppConfigurationRefreshOptions? Refresh { get; private set; }

    internal StartupOptions Startup { get; } = new();

    internal string? LastKnownGoodFilePath { get; private set; }

    internal DeferredRefresher Refresher => _refresher;

    /// <summary>Loggers for refresh failures, skipped flags and fallbacks; none by default.</summary>
    public ILoggerFactory? LoggerFactory { get; set; }

    /// <summary>The clock that schedules refreshes and backoff; the system clock by default (tests use a fake).</summary>
    public TimeProvider TimeProvider { get; set; } = TimeProvider.System;

    /// <summary>
    /// The shortest time between two refreshes that push notifications start: the pushes that arrive sooner are
    /// coalesced into one pending refresh, so that a flood of events (anyone who reaches the webhook can send them)
    /// costs the store one refresh per interval at most. One second by default; zero turns coalescing off.
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The interval is negative.</exception>
    public TimeSpan PushCoalescingInterval
    {
        get => _pushCoalescingInterval;
        set => _pushCoalescingInterval = value >= TimeSpan.Zero
            ? value
            : throw new ArgumentOutOfRangeException(nameof(value), value, "The push coalescing interval cannot be negative.");
    }

    /// <summary>Connects with a connection string (<c>Endpoint=...;Id=...;Secret=...</c>).</summary>
    public AzureAppConfigurationOptions Connect(string connectionString) => Connect([connectionString]);

    /// <summary>Connects with the connection strings of one store's replicas, primary first (failover in that order).</summary>
    /// <exception cref="ArgumentException">A connection string is malformed; the message names the part, never the secret.</exception>
    public AzureAppConfigurationOptions Connect(IEnumerable<string> replicaConnectionStrings)
    {
        var connectionStrings = replicaConnectionStrings.ToList();
        // Parse now so that a malformed string fails at the call that supplied it.
        foreach (var connectionString in connectionStrings)
        {
            AppConfigurationConnectionString.Parse(connectionString, nameof(replicaConnectionStrings));
        }

        _clientFactory = options => new AppConfigurationClient(connectionStrings, options);
        return this;
    }

    /// <summary>Connects to an endpoint with an Entra ID credential.</summary>
    public AzureAppConfigurationOptions Connect(Uri endpoint, TokenCredential credential) => Connect([endpoint], credential);

    /// <summary>Connects to one store's replica endpoints (primary first) with an Entra ID credential.</summary>
    public AzureAppConfigurationOptions Connect(IEnumerable<Uri> replicaEndpoints, TokenCredential credential)
    {
        ArgumentNullException.ThrowIfNull(credential);
        var endpoints = replicaEndpoints.ToList();
        _clientFactory = options => new AppConfigurationClient(endpoints, credential, options);
        return this;
    }

    /// <summary>
    /// Adjusts the client (retries, transport, service version, audience, replica backoff). Unlike Azure.Core's
    /// 100 s, a try of a request times out after 30 seconds (<c>Retry.NetworkTimeout</c>; then retried), so that a
    /// connection the store never serves does not hold the refresh for minutes.
    /// </summary>
    public AzureAppConfigurationOptions ConfigureClientOptions(Action<AppConfigurationClientOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        _configureClient += configure;
        return this;
    }

    /// <summary>
    /// Loads the key-values matching <paramref name="keyFilter"/> (<c>*</c>, <c>prefix*</c> or exact keys) under
    /// <paramref name="labelFilter"/> (default: no label). Selections apply in order: for the same key, the later
    /// one wins. Without any <c>Select</c>, every key-value without a label is loaded. Feature-flag keys are never
    /// loaded as key-values; use <see cref="UseFeatureFlags"/>.
    /// </summary>
    public AzureAppConfigurationOptions Select(string keyFilter, string? labelFilter = SettingSelector.NoLabel)
    {
        ArgumentException.ThrowIfNullOrEmpty(keyFilter);
        Selectors.Add(new KeyValueSelector(keyFilter, string.IsNullOrEmpty(labelFilter) ? SettingSelector.NoLabel : labelFilter));
        return this;
    }

    /// <summary>Removes <paramref name="prefix"/> from loaded keys (the first matching prefix, in the order given).</summary>
    public AzureAppConfigurationOptions TrimKeyPrefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrEmpty(prefix);
        KeyPrefixesToTrim.Add(prefix);
        return this;
    }

    /// <summary>
    /// Loads feature flags into <c>feature_management:feature_flags</c> (Microsoft Feature Management layout) and
    /// refreshes them every 30 seconds unless configured otherwise.
    /// </summary>
    public AzureAppConfigurationOptions UseFeatureFlags(Action<FeatureFlagOptions>? configure = null)
    {
        FeatureFlags ??= new FeatureFlagOptions();
        configure?.Invoke(FeatureFlags);
        return this;
    }

    /// <summary>Turns on refresh of the selected key-values (<see cref="AzureAppConfigurationRefreshOptions.RegisterAll"/> or sentinel keys).</summary>
    public AzureAppConfigurationOptions ConfigureRefresh(Action<AzureAppConfigurationRefreshOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        Refresh ??= new AzureAppConfigurationRefreshOptions();
        configure(Refresh);
        return this;
    }

    /// <summary>Sets the startup timeout and whether a failed initial load stops the application.</summary>
    public AzureAppConfigurationOptions ConfigureStartupOptions(Action<StartupOptions> configure)
    {
        ArgumentNullException.ThrowIfNull(configure);
        configure(Startup);
        return this;
    }

    /// <summary>
    /// Keeps a copy of the last successfully loaded configuration in <paramref name="path"/> (rewritten atomically
    /// after every change) and starts from it when the store is unreachable at startup. The file holds the loaded
    /// values in clear text: protect it like the store's data.
    /// </summary>
    public AzureAppConfigurationOptions UseLastKnownGoodFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        LastKnownGoodFilePath = Path.GetFullPath(path);
        return this;
    }

    /// <summary>
    /// Fleet mode: takes the snapshots in force from <paramref name="fleet"/> and polls the store only while this
    /// instance is the fleet's leader (then publishes what it reads) or standalone (the fleet unreachable). A cold
    /// start while the fleet holds a snapshot sends no request to the store; a push notification on a follower is
    /// relayed to the leader. Every instance of a fleet must use the same store and selection.
    /// </summary>
    /// <param name="fleet">The fleet, e.g. joined by the hosting layer from <c>ConnectionStrings:FlagFleet</c>.</param>
    public AzureAppConfigurationOptions JoinFleet(ISnapshotFleet fleet)
    {
        ArgumentNullException.ThrowIfNull(fleet);
        Fleet = fleet;
        return this;
    }

    internal ISnapshotFleet? Fleet { get; private set; }

    /// <summary>The refresher of this source; usable once the configuration has been built.</summary>
    public IConfigurationRefresher GetRefresher() => _refresher;

    /// <summary>
    /// The per-try timeout of the client's requests unless <see cref="ConfigureClientOptions"/> sets another: 30 seconds.
    /// Not much shorter: a store (or emulator) that is overloaded but working answers late, and a try given up while
    /// it works adds a retry to its load (measured: 999 instances falling back at once, p95 8 s; at 10 s most timed out).
    /// </summary>
    internal static readonly TimeSpan DefaultNetworkTimeout = TimeSpan.FromSeconds(30);

    internal AppConfigurationClient CreateClient()
    {
        if (_clientFactory is null)
        {
            throw new InvalidOperationException("Call Connect(...) to say which App Configuration store to use.");
        }

        var clientOptions = new AppConfigurationClientOptions();
        clientOptions.Retry.NetworkTimeout = DefaultNetworkTimeout;
        _configureClient?.Invoke(clientOptions);
        return _clientFactory(clientOptions);
    }
}
