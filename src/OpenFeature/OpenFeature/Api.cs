using System.Collections.Immutable;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using OpenFeature.Constant;
using OpenFeature.Internal;
using OpenFeature.Model;

namespace OpenFeature;

/// <summary>
/// The OpenFeature evaluation API (specification section 1): providers, global hooks and context, event handlers,
/// and the clients that evaluate flags. <see cref="Instance"/> is the process-wide one;
/// <see cref="Isolated.OpenFeatureFactory.CreateIsolated"/> makes independent ones.
/// </summary>
public sealed class Api : IEventBus
{
    private readonly ProviderEventDispatcher _events;
    private readonly ProviderRegistry _providers;
    private ImmutableArray<Hook> _hooks = ImmutableArray<Hook>.Empty;
    private volatile EvaluationContext _context = EvaluationContext.Empty;
    private volatile ITransactionContextPropagator? _transactionContextPropagator;
    private volatile ILogger _logger = NullLogger<Api>.Instance;

    internal Api()
    {
        _events = new ProviderEventDispatcher(() => _logger);
        _providers = new ProviderRegistry(_events, () => _logger);
        _events.Attach(() => _providers.Bindings);
    }

    /// <summary>The process-wide API instance.</summary>
    public static Api Instance { get; } = new();

    /// <summary>Sets the default provider and waits for its initialization (specification 1.1.2).</summary>
    /// <param name="featureProvider">The provider.</param>
    /// <returns>A task that completes when the provider is initialized (READY) or has failed to (ERROR).</returns>
    /// <exception cref="InvalidOperationException">
    /// The provider is bound to another API instance (1.8.4), or is domain-scoped and bound elsewhere (1.1.8.1).
    /// </exception>
    public Task SetProviderAsync(FeatureProvider featureProvider) => SetProviderAsync(featureProvider, CancellationToken.None);

    /// <summary>Sets the default provider and waits for its initialization (specification 1.1.2).</summary>
    /// <param name="featureProvider">The provider.</param>
    /// <param name="cancellationToken">Cancels the initialization.</param>
    /// <returns>A task that completes when the provider is initialized (READY) or has failed to (ERROR).</returns>
    /// <exception cref="InvalidOperationException">
    /// The provider is bound to another API instance (1.8.4), or is domain-scoped and bound elsewhere (1.1.8.1).
    /// </exception>
    public Task SetProviderAsync(FeatureProvider featureProvider, CancellationToken cancellationToken) =>
        BindAsync(null, featureProvider, cancellationToken);

    /// <summary>Binds a provider to a domain and waits for its initialization (specification 1.1.3).</summary>
    /// <param name="domain">The domain; clients created for it use this provider.</param>
    /// <param name="featureProvider">The provider.</param>
    /// <returns>A task that completes when the provider is initialized (READY) or has failed to (ERROR).</returns>
    /// <exception cref="InvalidOperationException">
    /// The provider is bound to another API instance (1.8.4), or is domain-scoped and bound elsewhere (1.1.8.1).
    /// </exception>
    public Task SetProviderAsync(string domain, FeatureProvider featureProvider) =>
        SetProviderAsync(domain, featureProvider, CancellationToken.None);

    /// <summary>Binds a provider to a domain and waits for its initialization (specification 1.1.3).</summary>
    /// <param name="domain">The domain; clients created for it use this provider.</param>
    /// <param name="featureProvider">The provider.</param>
    /// <param name="cancellationToken">Cancels the initialization.</param>
    /// <returns>A task that completes when the provider is initialized (READY) or has failed to (ERROR).</returns>
    /// <exception cref="InvalidOperationException">
    /// The provider is bound to another API instance (1.8.4), or is domain-scoped and bound elsewhere (1.1.8.1).
    /// </exception>
    public Task SetProviderAsync(string domain, FeatureProvider featureProvider, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(domain))
        {
            throw new ArgumentException("The domain must be a non-empty name; use SetProviderAsync(provider) for the default provider.", nameof(domain));
        }

        return BindAsync(domain, featureProvider, cancellationToken);
    }

    /// <summary>The default provider.</summary>
    /// <returns>The provider (a no-op provider until one is set).</returns>
    public FeatureProvider GetProvider() => _providers.Bindings.Default.Provider;

    /// <summary>The provider serving a domain: the one bound to it, else the default one.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The provider.</returns>
    public FeatureProvider GetProvider(string domain) => _providers.Bindings.Resolve(NormalizeDomain(domain)).Provider;

    /// <summary>The default provider's metadata.</summary>
    /// <returns>The metadata.</returns>
    public Metadata? GetProviderMetadata() => GetProvider().GetMetadata();

    /// <summary>The metadata of the provider serving a domain.</summary>
    /// <param name="domain">The domain.</param>
    /// <returns>The metadata.</returns>
    public Metadata? GetProviderMetadata(string domain) => GetProvider(domain).GetMetadata();

    /// <summary>Creates a client (specification 1.1.5); clients are cheap, and follow later provider changes.</summary>
    /// <param name="name">The client's domain; null or empty for the default provider.</param>
    /// <param name="version">The client's version.</param>
    /// <param name="logger">Where the client logs evaluation errors; the API's logger when null.</param>
    /// <param name="context">The client's evaluation context.</param>
    /// <returns>The client.</returns>
    public FeatureClient GetClient(string? name = null, string? version = null, ILogger? logger = null,
        EvaluationContext? context = null) =>
        new(this, NormalizeDomain(name), name, version, logger, context);

    /// <summary>Appends a global hook (specification 1.1.4).</summary>
    /// <param name="hook">The hook.</param>
    public void AddHooks(Hook hook) => HookList.Add(ref _hooks, hook);

    /// <summary>Appends global hooks (specification 1.1.4).</summary>
    /// <param name="hooks">The hooks.</param>
    public void AddHooks(IEnumerable<Hook> hooks) => HookList.AddRange(ref _hooks, hooks, nameof(hooks));

    /// <summary>The global hooks, in the order they run before evaluation.</summary>
    /// <returns>The hooks.</returns>
    public IEnumerable<Hook> GetHooks() => _hooks;

    /// <summary>Removes every global hook.</summary>
    public void ClearHooks() => _hooks = ImmutableArray<Hook>.Empty;

    /// <summary>Sets the global evaluation context (specification 3.2.1).</summary>
    /// <param name="context">The context; null clears it.</param>
    public void SetContext(EvaluationContext? context) => _context = context ?? EvaluationContext.Empty;

    /// <summary>The global evaluation context.</summary>
    /// <returns>The context.</returns>
    public EvaluationContext GetContext() => _context;

    /// <summary>Sets how the transaction context is kept (specification 3.3.1.1).</summary>
    /// <param name="transactionContextPropagator">The propagator.</param>
    public void SetTransactionContextPropagator(ITransactionContextPropagator transactionContextPropagator)
    {
        ArgumentNullException.ThrowIfNull(transactionContextPropagator);
        _transactionContextPropagator = transactionContextPropagator;
    }

    /// <summary>Sets the transaction context of the current unit of work (specification 3.3.1.2); ignored until a propagator is set.</summary>
    /// <param name="evaluationContext">The context.</param>
    public void SetTransactionContext(EvaluationContext evaluationContext)
    {
        ArgumentNullException.ThrowIfNull(evaluationContext);
        _transactionContextPropagator?.SetTransactionContext(evaluationContext);
    }

    /// <summary>The transaction context of the current unit of work.</summary>
    /// <returns>The context, <see cref="EvaluationContext.Empty"/> when none is set.</returns>
    public EvaluationContext GetTransactionContext() =>
        _transactionContextPropagator?.GetTransactionContext() ?? EvaluationContext.Empty;

    /// <inheritdoc />
    public void AddHandler(ProviderEventTypes type, EventHandlerDelegate handler) => _events.AddApiHandler(type, handler);

    /// <inheritdoc />
    public void RemoveHandler(ProviderEventTypes type, EventHandlerDelegate handler) => _events.RemoveApiHandler(type, handler);

    /// <summary>Sets where the API logs provider and handler failures.</summary>
    /// <param name="logger">The logger.</param>
    public void SetLogger(ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(logger);
        _logger = logger;
    }

    /// <summary>
    /// Shuts every provider down and resets the API (specification 1.6.1, 1.6.2): no providers (the default is a
    /// no-op provider in NOT_READY, 1.7.6), no hooks, no event handlers, an empty global context and no transaction
    /// context propagator. Providers set afterwards are initialized as usual.
    /// </summary>
    /// <returns>A task that completes when every provider is shut down.</returns>
    public async Task ShutdownAsync()
    {
        var runtimes = _providers.DetachAll();
        ClearHooks();
        _context = EvaluationContext.Empty;
        _transactionContextPropagator = null;
        _events.ClearHandlers();
        await Task.WhenAll(runtimes.Select(runtime => runtime.ShutdownAsync(CancellationToken.None))).ConfigureAwait(false);
    }

    internal ILogger Logger => _logger;

    internal ProviderRegistry Providers => _providers;

    internal ProviderEventDispatcher Events => _events;

    internal ImmutableArray<Hook> Hooks => _hooks;

    /// <summary>The transaction context, or null without a propagator (saves the call on the hot path).</summary>
    internal EvaluationContext? CurrentTransactionContext => _transactionContextPropagator?.GetTransactionContext();

    private async Task BindAsync(string? domain, FeatureProvider featureProvider, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(featureProvider);
        var runtime = _providers.Bind(domain, featureProvider, out var isNew, out var retired);
        if (isNew)
        {
            runtime.StartEventPump();
        }

        await runtime.InitializeAsync(_context, domain, cancellationToken).ConfigureAwait(false);
        if (retired is not null)
        {
            await retired.ShutdownAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private static string? NormalizeDomain(string? domain) => string.IsNullOrEmpty(domain) ? null : domain;
}
