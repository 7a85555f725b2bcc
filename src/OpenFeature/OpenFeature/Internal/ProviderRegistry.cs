using Microsoft.Extensions.Logging;
using OpenFeature.Constant;

namespace OpenFeature.Internal;

/// <summary>
/// The providers of one API instance: the default one and the domain-bound ones, one runtime per provider
/// object however many domains it serves.
/// </summary>
internal sealed class ProviderRegistry
{
    private readonly object _gate = new();
    private readonly Dictionary<FeatureProvider, ProviderRuntime> _runtimes = new(ReferenceEqualityComparer.Instance);
    private readonly ProviderEventDispatcher _events;
    private readonly Func<ILogger> _logger;
    private volatile ProviderBindings _bindings;

    public ProviderRegistry(ProviderEventDispatcher events, Func<ILogger> logger)
    {
        _events = events;
        _logger = logger;
        _bindings = NoOpBindings(ProviderStatus.Ready);
    }

    public ProviderBindings Bindings => _bindings;

    /// <summary>Binds a provider to a domain (null: the default); says whether it is new and which one was retired.</summary>
    public ProviderRuntime Bind(string? domain, FeatureProvider provider, out bool isNew, out ProviderRuntime? retired)
    {
        lock (_gate)
        {
            var current = _bindings;
            var previous = current.GetBound(domain);
            isNew = !_runtimes.TryGetValue(provider, out var runtime);
            if (runtime is null)
            {
                ProviderOwnership.Claim(provider, this);
                runtime = new ProviderRuntime(provider, _events, _logger, ProviderStatus.NotReady) { FirstDomain = domain };
                _runtimes[provider] = runtime;
            }
            else if (provider is IDomainAwareProvider && !string.Equals(runtime.FirstDomain, domain, StringComparison.Ordinal))
            {
                // A domain-scoped provider is initialized for one domain and serves only that one (1.1.8.1).
                throw new InvalidOperationException(
                    $"The provider '{runtime.ProviderName}' is domain-scoped and already bound to " +
                    $"{(runtime.FirstDomain is null ? "the default provider" : $"domain '{runtime.FirstDomain}'")}; it cannot also serve " +
                    $"{(domain is null ? "as the default provider" : $"domain '{domain}'")}.");
            }

            var next = domain is null ? current.WithDefault(runtime) : current.WithDomain(domain, runtime);
            _bindings = next;
            retired = null;
            if (previous is not null && !ReferenceEquals(previous, runtime) && !next.IsBound(previous))
            {
                if (_runtimes.TryGetValue(previous.Provider, out var tracked) && ReferenceEquals(tracked, previous))
                {
                    _runtimes.Remove(previous.Provider);
                    ProviderOwnership.Release(previous.Provider, this);
                }

                retired = previous;
            }

            return runtime;
        }
    }

    /// <summary>
    /// Unbinds every provider and returns their runtimes, to be shut down (specification 1.6.2). The default becomes a
    /// no-op provider in NOT_READY, so clients report NOT_READY until a provider is set again (1.7.6).
    /// </summary>
    public IReadOnlyCollection<ProviderRuntime> DetachAll()
    {
        lock (_gate)
        {
            var all = new HashSet<ProviderRuntime>(_runtimes.Values, ReferenceEqualityComparer.Instance);
            all.UnionWith(_bindings.All());
            foreach (var runtime in all)
            {
                ProviderOwnership.Release(runtime.Provider, this);
            }

            _runtimes.Clear();
            _bindings = NoOpBindings(ProviderStatus.NotReady);
            return all;
        }
    }

    private ProviderBindings NoOpBindings(ProviderStatus status) =>
        new(new ProviderRuntime(new NoOpProvider(), _events, _logger, status),
            new Dictionary<string, ProviderRuntime>(StringComparer.Ordinal));
}
