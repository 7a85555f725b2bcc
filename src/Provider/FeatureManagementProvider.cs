using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Microsoft.FeatureManagement;
using Microsoft.FeatureManagement.FeatureFilters;
using OpenFeature;
using OpenFeature.Constant;
using OpenFeature.Model;
using OpenFeatureAppConfig.Provider.Internal;

namespace OpenFeatureAppConfig.Provider;

/// <summary>
/// An OpenFeature provider that evaluates flags with Microsoft.FeatureManagement: its filters (percentage, time
/// window, targeting, custom ones) and its variant allocation, over flags kept in any <see cref="IConfiguration"/>
/// in the Microsoft Feature Management schema (Azure App Configuration or local JSON).
/// </summary>
/// <remarks>
/// The targeting key becomes the user id, the <see cref="FeatureManagementProviderOptions.GroupsAttribute"/>
/// attribute the groups, and every attribute reaches custom filters through <see cref="IEvaluationAttributes"/>.
/// Boolean flags are answered by <c>IsEnabledAsync</c>; other types by the assigned variant's
/// <c>configuration_value</c>. Resolutions carry the reason, the variant and the flag metadata; errors are
/// reported in the resolution, never thrown.
/// </remarks>
public sealed class FeatureManagementProvider : FeatureProvider
{
    /// <summary>The provider's name in OpenFeature metadata.</summary>
    public const string ProviderName = "Microsoft.FeatureManagement";

    /// <summary>The name of the provider's <c>ActivitySource</c> and <c>Meter</c>.</summary>
    public const string TelemetrySourceName = "OpenFeatureAppConfig.Provider";

    private static readonly Metadata ProviderMetadata = new(ProviderName);

    private readonly IConfiguration? _configuration;
    private readonly IFeatureDefinitionProvider _definitions;
    private readonly DefinitionsConfiguration? _definitionsView;
    private readonly bool _indexFromConfiguration;
    private readonly IFeatureFlagSourceStatus? _sourceStatus;
    private readonly ConfigurationChangeTracker? _changes;
    private readonly FeatureManagementProviderOptions _options;
    private readonly ILogger _logger;
    private readonly ProviderTelemetry _telemetry;
    private readonly ProviderEventPump _events;
    private readonly FlagEvaluator _evaluator;
    private readonly object _gate = new();
    private volatile FlagCatalog? _catalog;
    private IDisposable? _reloadSubscription;
    private IDisposable? _statusSubscription;
    private bool _reportedStale;
    private bool _attached;

    /// <summary>
    /// Creates a provider over flags in <paramref name="configuration"/>, with its own feature manager: the
    /// built-in filters plus <see cref="FeatureManagementProviderOptions.FeatureFilters"/>.
    /// </summary>
    /// <param name="configuration">Configuration holding the flags (Microsoft Feature Management schema).</param>
    /// <param name="options">Options; defaults when <see langword="null"/>.</param>
    public FeatureManagementProvider(IConfiguration configuration, FeatureManagementProviderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        _options = options ?? new FeatureManagementProviderOptions();
        var (manager, definitions, definitionsView) = FeatureManagerFactory.Create(configuration, _options);
        _configuration = configuration;
        _definitions = definitions;
        _definitionsView = definitionsView;
        _indexFromConfiguration = true;
        _sourceStatus = _options.SourceStatus ?? FindSourceStatus(configuration);
        _changes = TrackChanges(configuration, _options);
        _logger = CreateLogger(_options);
        _telemetry = new ProviderTelemetry(ProviderName);
        _events = new ProviderEventPump(EventChannel.Writer);
        _evaluator = new FlagEvaluator(manager, _definitions, _options, _telemetry, Catalog);
    }

    /// <summary>
    /// Creates a provider over a feature manager configured elsewhere (dependency injection): its filters, custom
    /// filters and clock are used as registered.
    /// </summary>
    /// <param name="featureManager">The feature manager that evaluates flags.</param>
    /// <param name="definitions">The definition provider the feature manager reads flags from.</param>
    /// <param name="configuration">
    /// The configuration the flags come from, if any: its reload token drives change events, and it supplies
    /// descriptions and labels.
    /// </param>
    /// <param name="options">Options; defaults when <see langword="null"/>.</param>
    public FeatureManagementProvider(
        IVariantFeatureManager featureManager,
        IFeatureDefinitionProvider definitions,
        IConfiguration? configuration = null,
        FeatureManagementProviderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(featureManager);
        ArgumentNullException.ThrowIfNull(definitions);
        _options = options ?? new FeatureManagementProviderOptions();
        _configuration = configuration;
        _definitions = definitions;

        // The raw index (cheap, with fingerprints for change events) is right only when the definitions come
        // from that same configuration; any other definition provider is indexed through its own enumeration.
        _indexFromConfiguration = configuration is not null && definitions is ConfigurationFeatureDefinitionProvider;
        _sourceStatus = _options.SourceStatus ?? (configuration is null ? null : FindSourceStatus(configuration));
        _changes = _indexFromConfiguration ? TrackChanges(configuration!, _options) : null;
        _logger = CreateLogger(_options);
        _telemetry = new ProviderTelemetry(ProviderName);
        _events = new ProviderEventPump(EventChannel.Writer);
        _evaluator = new FlagEvaluator(featureManager, _definitions, _options, _telemetry, Catalog);
    }

    /// <summary>
    /// Creates a provider from an application's services: <see cref="IVariantFeatureManager"/> and
    /// <see cref="IFeatureDefinitionProvider"/> (as registered by <c>AddFeatureManagement()</c>), the
    /// <see cref="IConfiguration"/> if registered, and the targeting options' <c>IgnoreCase</c>.
    /// </summary>
    /// <param name="services">The application's services.</param>
    /// <param name="options">Options; defaults when <see langword="null"/>.</param>
    /// <returns>The provider.</returns>
    public static FeatureManagementProvider FromServices(IServiceProvider services, FeatureManagementProviderOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(services);
        options ??= new FeatureManagementProviderOptions();
        if (services.GetService<IOptions<TargetingEvaluationOptions>>() is { } targeting)
        {
            // The provider explains the manager's assignments; it must compare ids the way the manager does.
            options.IgnoreCase = targeting.Value.IgnoreCase;
        }

        options.LoggerFactory ??= services.GetService<ILoggerFactory>();
        return new FeatureManagementProvider(
            services.GetRequiredService<IVariantFeatureManager>(),
            services.GetRequiredService<IFeatureDefinitionProvider>(),
            services.GetService<IConfiguration>(),
            options);
    }

    /// <inheritdoc />
    public override Metadata GetMetadata() => ProviderMetadata;

    /// <summary>How many reloads read only the flag sections the change feed reported (the hosting tests check an application takes that way).</summary>
    internal int SectionReads => _changes?.SectionReads ?? 0;

    /// <summary>
    /// Waits for the flag source's first load (at most <see cref="FeatureManagementProviderOptions.StartupTimeout"/>),
    /// indexes the flags and starts following configuration reloads and the source's freshness.
    /// </summary>
    /// <param name="context">The global evaluation context (unused).</param>
    /// <param name="cancellationToken">Cancels the wait.</param>
    /// <returns>A task that completes when the provider is ready.</returns>
    public override async Task InitializeAsync(EvaluationContext context, CancellationToken cancellationToken = default)
    {
        if (_sourceStatus is not null)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            timeout.CancelAfter(_options.StartupTimeout);
            try
            {
                await _sourceStatus.WaitForInitialLoadAsync(timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                _logger.LogWarning("The flag source did not finish its first load within {Timeout}; starting with what it has.", _options.StartupTimeout);
            }
        }

        var catalog = _indexFromConfiguration
            ? null
            : await FlagCatalog.FromDefinitionsAsync(_definitions, cancellationToken).ConfigureAwait(false);
        Attach(catalog);
    }

    /// <summary>Stops following configuration reloads and the source's freshness.</summary>
    /// <param name="cancellationToken">Unused.</param>
    /// <returns>A completed task.</returns>
    public override Task ShutdownAsync(CancellationToken cancellationToken = default)
    {
        lock (_gate)
        {
            _reloadSubscription?.Dispose();
            _statusSubscription?.Dispose();
            _reloadSubscription = null;
            _statusSubscription = null;
            _attached = false;
        }

        return Task.CompletedTask;
    }

    /// <inheritdoc />
    public override Task<ResolutionDetails<bool>> ResolveBooleanValueAsync(string flagKey, bool defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default) =>
        _evaluator.ResolveBooleanAsync(flagKey, defaultValue, context, cancellationToken);

    /// <inheritdoc />
    public override Task<ResolutionDetails<string>> ResolveStringValueAsync(string flagKey, string defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default) =>
        _evaluator.ResolveVariantAsync(flagKey, defaultValue, context, static v => v.String, "string", cancellationToken);

    /// <inheritdoc />
    public override Task<ResolutionDetails<int>> ResolveIntegerValueAsync(string flagKey, int defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default) =>
        _evaluator.ResolveVariantAsync(flagKey, defaultValue, context, static v => v.Integer, "32-bit integer", cancellationToken);

    /// <inheritdoc />
    public override Task<ResolutionDetails<double>> ResolveDoubleValueAsync(string flagKey, double defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default) =>
        _evaluator.ResolveVariantAsync(flagKey, defaultValue, context, static v => v.Double, "number", cancellationToken);

    /// <inheritdoc />
    public override Task<ResolutionDetails<Value>> ResolveStructureValueAsync(string flagKey, Value defaultValue, EvaluationContext? context = null, CancellationToken cancellationToken = default) =>
        _evaluator.ResolveVariantAsync(flagKey, defaultValue, context, static v => v.Structure, "value", cancellationToken);

    /// <summary>
    /// Records a tracking event (an <c>ActivitySource</c> event and a <c>Meter</c> counter named
    /// <see cref="TelemetrySourceName"/>) with the targeting key and the event's value and attributes.
    /// </summary>
    /// <param name="trackingEventName">The event's name.</param>
    /// <param name="evaluationContext">The evaluation context (its targeting key identifies the user).</param>
    /// <param name="trackingEventDetails">The event's value and attributes.</param>
    public override void Track(string trackingEventName, EvaluationContext? evaluationContext = null, TrackingEventDetails? trackingEventDetails = null)
    {
        try
        {
            _telemetry.RecordTrack(trackingEventName, evaluationContext, trackingEventDetails);
        }
        catch (Exception exception)
        {
            // Tracking must never break the caller.
            _logger.LogWarning(exception, "Recording tracking event {Event} failed.", trackingEventName);
        }
    }

    private FlagCatalog Catalog() => _catalog ?? Attach(null);

    /// <summary>
    /// Indexes the flags (unless given) and follows reloads and the source's status, unless already following.
    /// Evaluations after <see cref="ShutdownAsync"/> answer from the last snapshot without following again.
    /// </summary>
    private FlagCatalog Attach(FlagCatalog? catalog)
    {
        lock (_gate)
        {
            if (_attached && catalog is null && _catalog is not null)
            {
                return _catalog;
            }

            _catalog = catalog ?? BuildCatalog();
            if (!_attached)
            {
                _attached = true;
                if (_configuration is not null && _indexFromConfiguration)
                {
                    _reloadSubscription = ChangeToken.OnChange(_configuration.GetReloadToken, OnConfigurationReloaded);
                }

                if (_sourceStatus is not null)
                {
                    _reportedStale = false;
                    _statusSubscription = ChangeToken.OnChange(_sourceStatus.GetStatusChangeToken, OnSourceStatusChanged);
                    OnSourceStatusChanged();
                }
            }

            return _catalog;
        }
    }

    private FlagCatalog BuildCatalog()
    {
        if (!_indexFromConfiguration)
        {
            return FlagCatalog.FromDefinitionsAsync(_definitions, CancellationToken.None).GetAwaiter().GetResult();
        }

        return _changes?.Read() ?? FlagCatalog.FromConfiguration(_configuration!);
    }

    private void OnConfigurationReloaded()
    {
        try
        {
            List<string> changed;
            List<KeyValuePair<string, string>> reasons;
            lock (_gate)
            {
                if (!_attached)
                {
                    return;
                }

                var older = _catalog;
                var newer = older is null ? BuildCatalog()
                    : _changes is null ? older.Reload(_configuration!)
                    : _changes.Reload(older);
                older ??= newer;
                changed = older.ChangedKeys(newer);
                reasons = older.NewRolloutReasons(newer, changed);
                _catalog = newer;
            }

            if (changed.Count > 0)
            {
                // Whoever evaluates on hearing of the change must get the new definitions (with our own manager; one
                // from dependency injection refreshes its definitions on its own subscription).
                _definitionsView?.Reload();
                _events.Publish(ConfigurationChangedEvent.Create(ProviderName, changed, reasons));
            }
        }
        catch (Exception exception)
        {
            // A reload that cannot be indexed keeps the previous snapshot; the next reload tries again.
            _logger.LogError(exception, "Indexing the reloaded flags failed; keeping the previous flags.");
        }
    }

    private void OnSourceStatusChanged()
    {
        ProviderEventPayload? payload = null;
        lock (_gate)
        {
            var stale = _sourceStatus!.IsStale;
            if (!_attached || stale == _reportedStale)
            {
                return;
            }

            _reportedStale = stale;
            payload = new ProviderEventPayload
            {
                ProviderName = ProviderName,
                Type = stale ? ProviderEventTypes.ProviderStale : ProviderEventTypes.ProviderReady,
                Message = stale ? _sourceStatus.StaleReason ?? "The flag source serves stale data." : "The flag source recovered.",
            };
        }

        _events.Publish(payload);
    }

    private static IFeatureFlagSourceStatus? FindSourceStatus(IConfiguration configuration) =>
        configuration is IConfigurationRoot root ? root.Providers.OfType<IFeatureFlagSourceStatus>().LastOrDefault() : null;

    /// <summary>A tracker of the feed's changes, when the feed's provider can be among the configuration root's.</summary>
    private static ConfigurationChangeTracker? TrackChanges(IConfiguration configuration, FeatureManagementProviderOptions options) =>
        options.ChangeFeed is { } feed && configuration is IConfigurationRoot root ? new ConfigurationChangeTracker(root, feed) : null;

    private static ILogger CreateLogger(FeatureManagementProviderOptions options) =>
        (options.LoggerFactory ?? NullLoggerFactory.Instance).CreateLogger<FeatureManagementProvider>();
}
